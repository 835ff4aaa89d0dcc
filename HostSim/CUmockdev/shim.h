// libumockdev (Debian libumockdev-dev, pkg-config umockdev-1.0): the testbed that emulates device nodes.
#include <umockdev.h>
