// The transport's C side: a thin shim over libmosquitto (MQTT 3.1.1, driven from the device's one ppoll
// loop: no thread of libmosquitto's is started) and the durable outbox's file calls (append + fsync,
// positional read, atomic replace). Every function returns a non-negative result or a negative code; none
// allocates on the caller's side (libmosquitto allocates its packets internally).
// Built without libmosquitto (-DVIGIL_NO_MQTT: the static armel Pi Zero build) the MQTT calls return
// VIGIL_MQTT_UNAVAILABLE and the outbox calls still work.
#ifndef CVIGILTRANSPORT_H
#define CVIGILTRANSPORT_H
#include <stdint.h>

/// What the libmosquitto callbacks report, polled by the Swift side after each loop call.
typedef struct vigil_mqtt {
  void *client;                 // struct mosquitto *
  int32_t connected;            // 1 between a successful CONNACK and the next disconnect
  int32_t connack;              // the last CONNACK code (-1: none yet); 4/5 = bad credentials / not authorised
  uint32_t connects;            // successful CONNACKs so far
  uint32_t disconnects;         // disconnect callbacks so far
  uint32_t ack_head, ack_tail;  // ring of PUBACKed message ids (acks[ack_tail % 64] is the oldest)
  int32_t acks[64];
  uint32_t acks_lost;           // PUBACKs that did not fit the ring (the outbox re-sends: a duplicate, never a loss)
} vigil_mqtt;

/// The shim's result codes beyond libmosquitto's MOSQ_ERR_* (which are passed through as they are).
enum { VIGIL_MQTT_UNAVAILABLE = -1000, VIGIL_MQTT_CA_UNREADABLE = -1001 };

/// 1 when this build has libmosquitto, 0 otherwise.
int32_t vigil_mqtt_available(void);
/// Creates the client (clean_session = false, client id `client_id`), sets the credentials (NULL: none), TLS
/// with the CA file `ca_file` (NULL: plain TCP), and the retained last will. 0 or a negative code.
int32_t vigil_mqtt_open(vigil_mqtt *m, const char *client_id, const char *username, const char *password,
                        const char *ca_file, const char *will_topic, const uint8_t *will, uint32_t will_length);
/// Starts a non-blocking connection (DNS may block briefly): 0 or a MOSQ_ERR_* code (positive).
int32_t vigil_mqtt_connect(vigil_mqtt *m, const char *host, int32_t port, int32_t keepalive_seconds);
/// Starts reconnecting after a lost or failed connection: 0 or a MOSQ_ERR_* code.
int32_t vigil_mqtt_reconnect(vigil_mqtt *m);
/// The client's socket (−1 while it has none): it changes with every reconnection.
int32_t vigil_mqtt_socket(const vigil_mqtt *m);
/// 1 when libmosquitto has bytes to send (poll the socket for writing).
int32_t vigil_mqtt_want_write(const vigil_mqtt *m);
/// libmosquitto's network steps: 0 or a MOSQ_ERR_* code (MOSQ_ERR_CONN_LOST, MOSQ_ERR_NO_CONN: reconnect).
int32_t vigil_mqtt_loop_read(vigil_mqtt *m);
int32_t vigil_mqtt_loop_write(vigil_mqtt *m);
int32_t vigil_mqtt_loop_misc(vigil_mqtt *m);
/// Publishes `length` bytes on `topic` with `qos` / `retain`; `*mid` receives the message id: 0 or MOSQ_ERR_*.
int32_t vigil_mqtt_publish(vigil_mqtt *m, const char *topic, const uint8_t *payload, uint32_t length,
                           int32_t qos, int32_t retain, int32_t *mid);
/// The oldest PUBACKed message id not yet taken, or −1.
int32_t vigil_mqtt_take_ack(vigil_mqtt *m);
/// Sends DISCONNECT (the will is not published) and frees the client.
void vigil_mqtt_close(vigil_mqtt *m);
/// libmosquitto's text for a MOSQ_ERR_* code, and for a CONNACK code (static strings).
const char *vigil_mqtt_error_text(int32_t code);
const char *vigil_mqtt_connack_text(int32_t code);

/// Opens (creating, mode 0600) the outbox file for reading and appending: the descriptor or −errno. Also
/// ignores SIGXFSZ, so a file-size limit makes the append fail with EFBIG instead of killing the daemon.
int32_t vigil_outbox_open(const char *path);
/// Appends `count` bytes at the end and (when `sync` is non-zero) fdatasyncs: 0, or −errno after cutting the file back to
/// `old_size` (a failed append never leaves a torn record).
int32_t vigil_outbox_append(int32_t fd, const uint8_t *bytes, uint32_t count, uint64_t old_size, int32_t sync);
/// Reads up to `capacity` bytes at `offset`: the count (0 at the end) or −errno.
int32_t vigil_outbox_read(int32_t fd, uint8_t *buffer, uint32_t capacity, uint64_t offset);
/// The file's size, or −errno.
int64_t vigil_outbox_size(int32_t fd);
/// fsyncs the folder of `path` (after a rename in it): 0 or −errno.
int32_t vigil_outbox_sync_folder(const char *path);
/// The host name (NUL-terminated, at most `capacity` − 1 bytes): its length or −errno.
int32_t vigil_host_name(char *buffer, uint32_t capacity);

#endif
