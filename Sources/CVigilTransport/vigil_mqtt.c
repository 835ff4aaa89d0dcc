// The MQTT side of the transport shim: see include/CVigilTransport.h.
#define _GNU_SOURCE
#include "CVigilTransport.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#ifndef VIGIL_NO_MQTT
#include <mosquitto.h>

static void on_connect(struct mosquitto *client, void *context, int rc) {
  (void)client;
  vigil_mqtt *m = context;
  m->connack = rc;
  if (rc == 0) { m->connected = 1; m->connects++; }
}

static void on_disconnect(struct mosquitto *client, void *context, int rc) {
  (void)client; (void)rc;
  vigil_mqtt *m = context;
  m->connected = 0;
  m->disconnects++;
}

static void on_publish(struct mosquitto *client, void *context, int mid) {
  (void)client;
  vigil_mqtt *m = context;
  if (m->ack_head - m->ack_tail >= 64) { m->acks_lost++; return; }
  m->acks[m->ack_head % 64] = mid;
  m->ack_head++;
}

int32_t vigil_mqtt_available(void) { return 1; }

int32_t vigil_mqtt_open(vigil_mqtt *m, const char *client_id, const char *username, const char *password,
                        const char *ca_file, const char *will_topic, const uint8_t *will, uint32_t will_length) {
  memset(m, 0, sizeof *m);
  m->connack = -1;
  mosquitto_lib_init();
  if (ca_file && access(ca_file, R_OK) != 0) return VIGIL_MQTT_CA_UNREADABLE;
  struct mosquitto *c = mosquitto_new(client_id, false, m);
  if (!c) return errno == EINVAL ? -MOSQ_ERR_INVAL : -MOSQ_ERR_NOMEM;
  m->client = c;
  int rc = mosquitto_int_option(c, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  if (rc == 0 && username) rc = mosquitto_username_pw_set(c, username, password);
  if (rc == 0 && ca_file) rc = mosquitto_tls_set(c, ca_file, NULL, NULL, NULL, NULL);
  if (rc == 0 && will_topic) rc = mosquitto_will_set(c, will_topic, (int)will_length, will, 1, true);
  if (rc != 0) { mosquitto_destroy(c); m->client = NULL; return -rc; }
  mosquitto_connect_callback_set(c, on_connect);
  mosquitto_disconnect_callback_set(c, on_disconnect);
  mosquitto_publish_callback_set(c, on_publish);
  return 0;
}

int32_t vigil_mqtt_connect(vigil_mqtt *m, const char *host, int32_t port, int32_t keepalive_seconds) {
  return mosquitto_connect_async(m->client, host, port, keepalive_seconds);
}
int32_t vigil_mqtt_reconnect(vigil_mqtt *m) { return mosquitto_reconnect_async(m->client); }
int32_t vigil_mqtt_socket(const vigil_mqtt *m) { return m->client ? mosquitto_socket(m->client) : -1; }
int32_t vigil_mqtt_want_write(const vigil_mqtt *m) { return m->client && mosquitto_want_write(m->client) ? 1 : 0; }
int32_t vigil_mqtt_loop_read(vigil_mqtt *m) { return mosquitto_loop_read(m->client, 1); }
int32_t vigil_mqtt_loop_write(vigil_mqtt *m) { return mosquitto_loop_write(m->client, 1); }
int32_t vigil_mqtt_loop_misc(vigil_mqtt *m) { return mosquitto_loop_misc(m->client); }

int32_t vigil_mqtt_publish(vigil_mqtt *m, const char *topic, const uint8_t *payload, uint32_t length,
                           int32_t qos, int32_t retain, int32_t *mid) {
  int id = 0;
  int rc = mosquitto_publish(m->client, &id, topic, (int)length, payload, qos, retain != 0);
  *mid = id;
  return rc;
}

void vigil_mqtt_close(vigil_mqtt *m) {
  if (!m->client) return;
  mosquitto_disconnect(m->client);
  mosquitto_loop_write(m->client, 1);
  mosquitto_destroy(m->client);
  m->client = NULL;
  m->connected = 0;
}

const char *vigil_mqtt_error_text(int32_t code) {
  if (code == VIGIL_MQTT_CA_UNREADABLE) return "the CA file cannot be read";
  if (code == VIGIL_MQTT_UNAVAILABLE) return "this build has no MQTT (libmosquitto)";
  if (code == MOSQ_ERR_ERRNO) return strerror(errno);
  return mosquitto_strerror(code < 0 ? -code : code);
}
const char *vigil_mqtt_connack_text(int32_t code) { return mosquitto_connack_string(code); }

#else   // VIGIL_NO_MQTT: the static armel build (no libmosquitto.a exists).

int32_t vigil_mqtt_available(void) { return 0; }
int32_t vigil_mqtt_open(vigil_mqtt *m, const char *client_id, const char *username, const char *password,
                        const char *ca_file, const char *will_topic, const uint8_t *will, uint32_t will_length) {
  (void)client_id; (void)username; (void)password; (void)ca_file; (void)will_topic; (void)will; (void)will_length;
  memset(m, 0, sizeof *m);
  m->connack = -1;
  return VIGIL_MQTT_UNAVAILABLE;
}
int32_t vigil_mqtt_connect(vigil_mqtt *m, const char *h, int32_t p, int32_t k) { (void)m; (void)h; (void)p; (void)k; return 1; }
int32_t vigil_mqtt_reconnect(vigil_mqtt *m) { (void)m; return 1; }
int32_t vigil_mqtt_socket(const vigil_mqtt *m) { (void)m; return -1; }
int32_t vigil_mqtt_want_write(const vigil_mqtt *m) { (void)m; return 0; }
int32_t vigil_mqtt_loop_read(vigil_mqtt *m) { (void)m; return 4; }
int32_t vigil_mqtt_loop_write(vigil_mqtt *m) { (void)m; return 4; }
int32_t vigil_mqtt_loop_misc(vigil_mqtt *m) { (void)m; return 4; }
int32_t vigil_mqtt_publish(vigil_mqtt *m, const char *t, const uint8_t *p, uint32_t l, int32_t q, int32_t r, int32_t *mid) {
  (void)m; (void)t; (void)p; (void)l; (void)q; (void)r; *mid = 0; return 4;
}
void vigil_mqtt_close(vigil_mqtt *m) { (void)m; }
const char *vigil_mqtt_error_text(int32_t code) { (void)code; return "this build has no MQTT (libmosquitto)"; }
const char *vigil_mqtt_connack_text(int32_t code) { (void)code; return "this build has no MQTT"; }
#endif

int32_t vigil_mqtt_take_ack(vigil_mqtt *m) {
  if (m->ack_tail == m->ack_head) return -1;
  int32_t mid = m->acks[m->ack_tail % 64];
  m->ack_tail++;
  return mid;
}
