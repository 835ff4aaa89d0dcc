// `vigil`, the device program, built for the host (the umockdev tests run it); the Pi builds link the
// same VigilDevice code in Embedded Swift (Boards/build).
import Glibc
import VigilDevice

exit(vigilMain(argc: CommandLine.argc, argv: CommandLine.unsafeArgv))
