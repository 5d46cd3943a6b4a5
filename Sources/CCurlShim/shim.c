#include "CCurlShim.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

struct batbern_smtp_session {
    CURL *curl;
    char errors[CURL_ERROR_SIZE];
};

typedef struct {
    const char *data;
    size_t left;
    int *handed_over;
} upload;

static size_t read_payload(char *buffer, size_t size, size_t count, void *userdata) {
    upload *source = userdata;
    size_t room = size * count;
    size_t n = source->left < room ? source->left : room;
    if (n == 0) *source->handed_over = 1;
    memcpy(buffer, source->data, n);
    source->data += n;
    source->left -= n;
    return n;
}

/// curl hands every SMTP reply line to the header callback; keep the last,
/// or the first that refused something.
static size_t keep_reply(char *line, size_t size, size_t count, void *userdata) {
    batbern_smtp_result *result = userdata;
    size_t n = size * count;
    if (!result) return n;
    if (result->reply[0] == '4' || result->reply[0] == '5') return n;
    size_t keep = n < sizeof(result->reply) - 1 ? n : sizeof(result->reply) - 1;
    while (keep > 0 && (line[keep - 1] == '\r' || line[keep - 1] == '\n')) keep--;
    memcpy(result->reply, line, keep);
    result->reply[keep] = 0;
    return n;
}

batbern_smtp_session *batbern_smtp_open(const batbern_smtp_options *options) {
    pthread_once(&global_once, global_init);
    batbern_smtp_session *session = calloc(1, sizeof(*session));
    if (!session) return NULL;
    session->curl = curl_easy_init();
    if (!session->curl) {
        free(session);
        return NULL;
    }
    CURL *curl = session->curl;
    // curl copies string options: `options` need not outlive this call.
    curl_easy_setopt(curl, CURLOPT_URL, options->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, session->errors);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, options->require_tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
    if (options->username) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, options->username);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, options->password ? options->password : "");
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, options->mail_from);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, keep_reply);
    return session;
}

void batbern_smtp_send(
    batbern_smtp_session *session, const char *recipient, const char *payload, size_t payload_length, int fresh,
    batbern_smtp_result *result) {
    memset(result, 0, sizeof(*result));
    CURL *curl = session->curl;
    session->errors[0] = 0;
    upload source = {payload, payload_length, &result->message_handed_over};
    struct curl_slist *recipients = curl_slist_append(NULL, recipient);

    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, result);
    curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);

    CURLcode code = curl_easy_perform(curl);
    result->curl_code = (int)code;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result->reply_code);
    long connects = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    result->reused_connection = connects == 0;
    const char *message = session->errors[0] ? session->errors : curl_easy_strerror(code);
    strncpy(result->error, message, sizeof(result->error) - 1);

    // Nothing of this mail may be read after it returns.
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, NULL);
    curl_easy_setopt(curl, CURLOPT_READDATA, NULL);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, NULL);
    curl_slist_free_all(recipients);
}

void batbern_smtp_close(batbern_smtp_session *session) {
    if (!session) return;
    curl_easy_cleanup(session->curl);
    free(session);
}
