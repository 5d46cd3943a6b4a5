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

#endif
