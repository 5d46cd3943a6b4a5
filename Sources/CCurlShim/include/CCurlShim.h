#ifndef BATBERN_CCURL_SHIM_H
#define BATBERN_CCURL_SHIM_H

#include <stddef.h>

/// Where and how mail is handed over. curl_easy_setopt is variadic, which
/// Swift cannot call, so the shim sets the options.
typedef struct {
    /// smtp://host:port (STARTTLS per `require_tls`) or smtps://host:port (TLS from the start).
    const char *url;
    /// NULL for no AUTH.
    const char *username;
    const char *password;
    /// 1: STARTTLS is required (the send fails if the server does not offer it).
    int require_tls;
    /// The envelope sender, without angle brackets.
    const char *mail_from;
    long connect_timeout_ms;
    /// Longest whole send of one mail, connecting included.
    long timeout_ms;
} batbern_smtp_options;

/// What happened: curl's result code, the last SMTP reply code (0 when the
/// server never answered) and that reply's text, curl's own message, whether
/// the send went over a connection an earlier mail opened, and whether the
/// whole message was handed over (after that the server may have taken it).
typedef struct {
    int curl_code;
    long reply_code;
    char reply[256];
    char error[256];
    int reused_connection;
    int message_handed_over;
} batbern_smtp_result;

/// One curl easy handle, kept from mail to mail so that libcurl keeps the
/// connection open between them. Belongs to one thread at a time.
typedef struct batbern_smtp_session batbern_smtp_session;

/// A session with these options (copied); NULL when curl cannot make a handle.
batbern_smtp_session *batbern_smtp_open(const batbern_smtp_options *options);

/// Sends one mail to `recipient` (without angle brackets); `payload` is the
/// whole message, headers and body with CRLF line ends. Reuses the open
/// connection when libcurl finds it alive, else connects (and EHLO, STARTTLS,
/// AUTH); `fresh` 1 always connects anew. Blocks until done or timed out.
void batbern_smtp_send(
    batbern_smtp_session *session, const char *recipient, const char *payload, size_t payload_length, int fresh,
    batbern_smtp_result *result);

/// Closes the open connection with QUIT and frees the session.
void batbern_smtp_close(batbern_smtp_session *session);

#endif
