#ifndef BATBERN_CRABBITMQ_SHIM_H
#define BATBERN_CRABBITMQ_SHIM_H

#include <amqp.h>

/// amqp_login is variadic (the SASL arguments follow), which Swift cannot call.
/// This fixes the method to PLAIN with a user name and a password.
amqp_rpc_reply_t batbern_amqp_login_plain(amqp_connection_state_t state,
                                          const char *vhost,
                                          int channel_max,
                                          int frame_max,
                                          int heartbeat,
                                          const amqp_table_t *client_properties,
                                          const char *user,
                                          const char *password);

/// Puts a write-coalescing socket in front of the connection's own (see
/// coalescing_socket.c): frames are written at the end of each frame group,
/// or when uncorked. A flush that cannot write for `flush_timeout_ms` fails
/// the connection. Call once, after the socket is open.
int batbern_amqp_coalesce_writes(amqp_connection_state_t state, int flush_timeout_ms);

/// Holds every frame until `batbern_amqp_uncork` (or a read, or 256 KiB).
void batbern_amqp_cork(amqp_connection_state_t state);

/// Writes what is held; AMQP_STATUS_OK or the socket's error.
int batbern_amqp_uncork(amqp_connection_state_t state);

/// How many writes the coalescing socket has made (for tests).
size_t batbern_amqp_write_count(amqp_connection_state_t state);

#endif
