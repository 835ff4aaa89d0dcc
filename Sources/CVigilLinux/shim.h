// What the CVigilLinux sources share (not part of the module's interface, include/CVigilLinux.h): the
// system headers and the −errno convention. The conventions are in include/CVigilLinux.h.
#ifndef VIGIL_LINUX_SHIM_H
#define VIGIL_LINUX_SHIM_H

#define _GNU_SOURCE
#include "CVigilLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include <i2c/smbus.h>
#include <gpiod.h>

_Static_assert(VIGIL_ENXIO == ENXIO && VIGIL_EREMOTEIO == EREMOTEIO && VIGIL_ETIMEDOUT == ETIMEDOUT &&
               VIGIL_EBUSY == EBUSY && VIGIL_EACCES == EACCES && VIGIL_EPERM == EPERM &&
               VIGIL_ENOENT == ENOENT && VIGIL_ENODEV == ENODEV && VIGIL_EIO == EIO &&
               VIGIL_EINTR == EINTR && VIGIL_EAGAIN == EAGAIN && VIGIL_EINVAL == EINVAL,
               "errno values differ from the header's");
_Static_assert(VIGIL_I2C_SMBUS_BLOCK_MAX == I2C_SMBUS_BLOCK_MAX, "SMBus block size");

// The failed call's errno as a negative result (−EIO if errno was not set).
static inline int neg_errno(void) { return errno ? -errno : -EIO; }

#endif
