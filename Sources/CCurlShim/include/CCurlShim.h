#ifndef BATBERN_CCURL_SHIM_H
#define BATBERN_CCURL_SHIM_H

#include <stddef.h>

/// One mail to send over SMTP with libcurl. curl_easy_setopt is variadic,
/// which Swift cannot call, so the shim sets the options and runs the send.
typedef struct {
    /// smtp://host:port (STARTTLS per `require_tls`) or smtps://host:port (TLS from the start).
    const char *url;
    /// NULL for no AUTH.
    const char *username;
    const char *password;
    /// 1: STARTTLS is required (the send fails if the server does not offer it).
    int require_tls;
    /// The envelope sender and recipient, without angle brackets.
    const char *mail_from;
    const char *recipient;
    /// The whole message (headers and body, CRLF line ends).
    const char *payload;
    size_t payload_length;
    long connect_timeout_ms;
    long timeout_ms;
} batbern_smtp_request;

/// What happened: curl's result code, the last SMTP reply code (0 when the
/// server never answered) and that reply's text, and curl's own message.
typedef struct {
    int curl_code;
    long reply_code;
    char reply[256];
    char error[256];
} batbern_smtp_result;

/// Sends one mail on a connection of its own; blocks until done or timed out.
/// Safe to call from several threads at once.
void batbern_smtp_send(const batbern_smtp_request *request, batbern_smtp_result *result);

#endif
