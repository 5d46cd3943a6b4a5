#include "CCurlShim.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

typedef struct {
    const char *data;
    size_t left;
} upload;

static size_t read_payload(char *buffer, size_t size, size_t count, void *userdata) {
    upload *source = userdata;
    size_t room = size * count;
    size_t n = source->left < room ? source->left : room;
    memcpy(buffer, source->data, n);
    source->data += n;
    source->left -= n;
    return n;
}

/// curl hands every SMTP reply line to the header callback; keep the last,
/// or the first that refused something (curl still says QUIT after it).
static size_t keep_reply(char *line, size_t size, size_t count, void *userdata) {
    batbern_smtp_result *result = userdata;
    size_t n = size * count;
    if (result->reply[0] == '4' || result->reply[0] == '5') return n;
    size_t keep = n < sizeof(result->reply) - 1 ? n : sizeof(result->reply) - 1;
    while (keep > 0 && (line[keep - 1] == '\r' || line[keep - 1] == '\n')) keep--;
    memcpy(result->reply, line, keep);
    result->reply[keep] = 0;
    return n;
}

void batbern_smtp_send(const batbern_smtp_request *request, batbern_smtp_result *result) {
    memset(result, 0, sizeof(*result));
    pthread_once(&global_once, global_init);
    CURL *curl = curl_easy_init();
    if (!curl) {
        result->curl_code = CURLE_FAILED_INIT;
        strncpy(result->error, "curl_easy_init failed", sizeof(result->error) - 1);
        return;
    }
    char errors[CURL_ERROR_SIZE] = {0};
    upload source = {request->payload, request->payload_length};
    struct curl_slist *recipients = curl_slist_append(NULL, request->recipient);

    curl_easy_setopt(curl, CURLOPT_URL, request->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errors);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, request->require_tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
    if (request->username) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, request->username);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, request->password ? request->password : "");
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, request->mail_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, keep_reply);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, result);

    CURLcode code = curl_easy_perform(curl);
    result->curl_code = (int)code;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result->reply_code);
    const char *message = errors[0] ? errors : curl_easy_strerror(code);
    strncpy(result->error, message, sizeof(result->error) - 1);

    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
}
