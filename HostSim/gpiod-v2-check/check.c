// The GPIO side of the Linux shim (Sources/CVigilLinux) built for the libgpiod 2.x API, run against
// /dev/gpiochip0 emulated by umockdev (HostSim/UmockdevHarness, v2 uAPI handlers). Built and run by ./run.
// Prints one line per check and "PASS gpiod-v2" / "FAIL gpiod-v2"; exit 0 when every check passed.
#include <errno.h>
#include <stdio.h>
#include "CVigilLinux.h"
#include "UmockdevHarness.h"

static int failures;
static void check(int ok, const char *what) { printf("%s %s\n", ok ? "ok  " : "FAIL", what); if (!ok) failures++; }
static int no_device(void *c, uint8_t a, uint8_t r, uint8_t v) { (void)c; (void)a; (void)r; (void)v; return ENXIO; }
static int no_device_read(void *c, uint8_t a, uint8_t r, uint8_t *b, uint32_t n) { (void)c; (void)a; (void)r; (void)b; (void)n; return ENXIO; }

int main(void) {
  vh_bus_callbacks bus = {.context = NULL, .write = no_device, .read = no_device_read};
  if (vh_start(bus, "pinctrl-bcm2711", 58) != 0) return 2;
  check(vigil_gpio_api() == 2, "compiled for the libgpiod v2 API");
  vigil_gpio_line line, second;
  int r = vigil_gpio_open(&line, "pinctrl-bcm2711", 17, "vigil");
  printf("     open by label: %d\n", r);
  check(r == 0 && line.fd >= 0, "line 17 of the chip labelled pinctrl-bcm2711 requested (v2: gpiod_chip_request_lines)");
  if (r != 0) { vh_stop(); return 1; }
  check(vh_count(VH_GPIO_LINEEVENT) == 1, "the request arrived as GPIO_V2_GET_LINE_IOCTL");
  uint64_t t = 0;
  check(vigil_gpio_wait(&line, 20000000, &t) == 0, "no edge: the 20 ms wait times out");
  vh_raise_edge(17, 1000); vh_raise_edge(17, 2000); vh_raise_edge(17, 3000);
  int got = 0, ordered = 1;
  for (uint64_t want = 1000; want <= 3000; want += 1000) {
    if (vigil_gpio_wait(&line, 1000000000, &t) == 1) { got++; if (t != want) ordered = 0; }
  }
  check(got == 3 && ordered, "three edges with their timestamps, in order");
  check(line.lost == 0, "no sequence gap, nothing lost");
  vh_drop_edges(17, 5);                      // the kernel's buffer overflowed: 5 edges never delivered
  vh_raise_edge(17, 9000);
  r = vigil_gpio_wait(&line, 1000000000, &t);
  check(r == 1 && t == 9000, "the next edge after the gap arrives");
  printf("     lost edges: %u (line sequence numbers 3 → %llu)\n", line.lost, (unsigned long long)line.last_seqno);
  check(line.lost == 5, "the line sequence-number gap counts 5 lost edges");
  r = vigil_gpio_open(&second, "gpiochip0", 17, "other");
  check(r == -EBUSY, "a second request of line 17 is refused with EBUSY");
  r = vigil_gpio_open(&second, "pinctrl-rp1", 17, "vigil");
  check(r == -ENODEV, "an unknown label is ENODEV");
  r = vigil_gpio_open(&second, "gpiochip0", 99, "vigil");
  printf("     line 99: %d\n", r);
  check(r == -EINVAL, "a line past the chip's last is EINVAL (noDevice in Swift)");
  vigil_gpio_close(&line);
  r = vigil_gpio_open(&second, "gpiochip0", 17, "again");
  check(r == 0, "after close the line can be requested again");
  vigil_gpio_close(&second);

  // The output line (the alarm): request with a value, set, active low inverted by the "kernel".
  vigil_gpio_output out, other;
  r = vigil_gpio_output_open(&out, "pinctrl-bcm2711", 27, "vigil-alarm", 0, 0);
  check(r == 0 && vh_output_level(27) == 0, "output line 27 requested inactive (v2 request with the output flag): low");
  check(vh_count(VH_GPIO_LINEHANDLE) == 1, "the request arrived as GPIO_V2_GET_LINE_IOCTL with GPIO_V2_LINE_FLAG_OUTPUT");
  check(vigil_gpio_output_set(&out, 1) == 0 && vh_output_level(27) == 1, "set active: high");
  check(vigil_gpio_output_set(&out, 0) == 0 && vh_output_level(27) == 0, "set inactive: low");
  check(vh_count(VH_GPIO_SET_VALUES) == 2, "two GPIO_V2_LINE_SET_VALUES_IOCTL on the request's fd");
  vigil_gpio_output_close(&out);
  r = vigil_gpio_output_open(&out, "gpiochip0", 26, "vigil-alarm", 1, 0);
  check(r == 0 && vh_output_level(26) == 1, "active-low line 26 requested inactive: high");
  check(vigil_gpio_output_set(&out, 1) == 0 && vh_output_level(26) == 0, "active-low set active: low");
  r = vigil_gpio_output_open(&other, "gpiochip0", 99, "vigil-alarm", 0, 0);
  check(r == -EINVAL, "an output past the chip's last line is EINVAL");
  vigil_gpio_output_close(&out);
  check(vigil_gpio_output_set(&out, 1) == -EBADF, "set after close: EBADF");
  vh_stop();
  printf("%s gpiod-v2\n", failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
