// The I2C half of the shim: /dev/i2c-N through libi2c's SMBus calls and I2C_RDWR combined transfers.
// See include/CVigilLinux.h for the conventions (0 / count / fd, or −errno).
#include "shim.h"

// MARK: I2C

int vigil_i2c_open_path(const char *path, uint8_t address) {
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0) return neg_errno();
  if (ioctl(fd, I2C_SLAVE, (unsigned long)address) < 0) {
    int e = neg_errno();
    close(fd);
    return e;
  }
  return fd;
}

int vigil_i2c_open_bus(int bus, uint8_t address) {
  if (bus < 0) return -EINVAL;
  char path[32];
  snprintf(path, sizeof path, "/dev/i2c-%d", bus);
  return vigil_i2c_open_path(path, address);
}

int vigil_i2c_write_register(int fd, uint8_t reg, uint8_t value) {
  int r = i2c_smbus_write_byte_data(fd, reg, value);
  return r < 0 ? r : 0;
}

int vigil_i2c_read_smbus(int fd, uint8_t reg, uint8_t *buffer, uint32_t length) {
  if (length == 0 || length > I2C_SMBUS_BLOCK_MAX) return -EINVAL;
  if (length == 1) {
    int r = i2c_smbus_read_byte_data(fd, reg);
    if (r < 0) return r;
    buffer[0] = (uint8_t)r;
    return 0;
  }
  int r = i2c_smbus_read_i2c_block_data(fd, reg, (uint8_t)length, buffer);
  if (r < 0) return r;
  return (uint32_t)r == length ? 0 : -EIO;
}

int vigil_i2c_read_combined(int fd, uint8_t address, uint8_t reg, uint8_t *buffer, uint32_t length) {
  if (length == 0 || length > VIGIL_I2C_RDWR_MAX) return -EINVAL;
  uint8_t sub = reg;
  struct i2c_msg msgs[2] = {
    {.addr = address, .flags = 0, .len = 1, .buf = &sub},
    {.addr = address, .flags = I2C_M_RD, .len = (uint16_t)length, .buf = buffer},  // the read goes last
  };
  struct i2c_rdwr_ioctl_data data = {.msgs = msgs, .nmsgs = 2};
  int r = ioctl(fd, I2C_RDWR, &data);
  if (r < 0) return neg_errno();
  return r == 2 ? 0 : -EIO;
}

int vigil_i2c_bus_clock_hz(int bus) {
  if (bus < 0) return -EINVAL;
  char path[96];
  snprintf(path, sizeof path, "/sys/class/i2c-adapter/i2c-%d/of_node/clock-frequency", bus);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return neg_errno();
  uint8_t b[4];
  ssize_t n = read(fd, b, sizeof b);
  int e = n < 0 ? neg_errno() : 0;
  close(fd);
  if (e) return e;
  if (n != 4) return -EIO;
  uint32_t hz = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
  return hz > INT32_MAX ? -ERANGE : (int)hz;
}

int vigil_close(int fd) { return close(fd) < 0 ? neg_errno() : 0; }
