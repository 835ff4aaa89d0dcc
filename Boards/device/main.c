// The device program's C entry point on the Pi: everything else is Embedded Swift (VigilDevice.vigilMain,
// exported as vigil_device_main) over the C shims (CVigilLinux: libi2c, libgpiod; CVigilIO: files).
#include <stdint.h>
int32_t vigil_device_main(int32_t argc, char **argv);
int main(int argc, char **argv) { return vigil_device_main(argc, argv); }
