#include "CRabbitMQShim.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

/*
 * A socket in front of librabbitmq's own (TCP or TLS) that coalesces writes.
 *
 * librabbitmq sends every frame with its own send(2): a publish is three
 * (method, header, body), an ack one. On loopback each send also runs the
 * receiver's TCP input, and the broker reads each small segment on its own.
 * This socket keeps what librabbitmq hands it and writes it in one go: at the
 * end of a frame group (a send without AMQP_SF_MORE) or, while corked, when
 * the connection thread uncorks after a round of jobs. Nothing waits in the
 * buffer across a read: a read flushes first, so a request always reaches the
 * broker before its answer is awaited.
 *
 * librabbitmq 0.11 exports no way to set a connection's socket, so the socket
 * object stays the same and only its class pointer is replaced by this
 * socket's class, which remembers the original one. Every socket object of
 * librabbitmq begins with that pointer (amqp_socket.h, `struct amqp_socket_t_`);
 * the layout below is the one of 0.8 to 0.14.
 */

typedef ssize_t (*send_fn)(void *, const void *, size_t, int);
typedef ssize_t (*recv_fn)(void *, void *, size_t, int);
typedef int (*open_fn)(void *, const char *, int, const struct timeval *);
typedef int (*close_fn)(void *, int);
typedef int (*sockfd_fn)(void *);
typedef void (*delete_fn)(void *);

struct socket_class {
  send_fn send;
  recv_fn recv;
  open_fn open;
  close_fn close;
  sockfd_fn get_sockfd;
  delete_fn delete_;
};

struct socket_base {
  const struct socket_class *klass;
};

enum { SOCKET_FLAG_MORE = 1, NEED_READ = -0x1301, NEED_WRITE = -0x1302 };

/* The class comes first, so a socket's class pointer is also its state's. */
struct coalescing {
  struct socket_class klass;
  const struct socket_class *original;
  unsigned char *buffer;
  size_t length;
  size_t capacity;
  int corked;
  int flush_timeout_ms;
  size_t flushes;
};

/* Past this many bytes a corked buffer is written anyway. */
static const size_t corked_limit = 256 * 1024;

static struct coalescing *state_of(void *base) {
  return (struct coalescing *)((struct socket_base *)base)->klass;
}

static int flush(void *base) {
  struct coalescing *self = state_of(base);
  size_t written = 0;
  while (written < self->length) {
    ssize_t sent = self->original->send(base, self->buffer + written, self->length - written, 0);
    if (sent > 0) {
      written += (size_t)sent;
      continue;
    }
    if (sent == NEED_WRITE || sent == NEED_READ) {
      /* A full send buffer (or TLS renegotiating): wait, but not forever. */
      struct pollfd fd = {self->original->get_sockfd(base), sent == NEED_WRITE ? POLLOUT : POLLIN, 0};
      int ready = poll(&fd, 1, self->flush_timeout_ms);
      if (ready > 0) continue;
      if (ready < 0 && errno == EINTR) continue;
      self->length = 0;
      return AMQP_STATUS_SOCKET_ERROR;
    }
    self->length = 0;
    return sent < 0 ? (int)sent : AMQP_STATUS_SOCKET_ERROR;
  }
  self->length = 0;
  self->flushes += 1;
  return AMQP_STATUS_OK;
}

static ssize_t coalescing_send(void *base, const void *bytes, size_t count, int flags) {
  struct coalescing *self = state_of(base);
  if (self->length + count > self->capacity) {
    size_t capacity = self->capacity ? self->capacity : 16 * 1024;
    while (capacity < self->length + count) capacity *= 2;
    unsigned char *grown = realloc(self->buffer, capacity);
    if (grown == NULL) return AMQP_STATUS_NO_MEMORY;
    self->buffer = grown;
    self->capacity = capacity;
  }
  memcpy(self->buffer + self->length, bytes, count);
  self->length += count;
  int more = (flags & SOCKET_FLAG_MORE) || self->corked;
  if (more && self->length < corked_limit) return (ssize_t)count;
  int status = flush(base);
  return status == AMQP_STATUS_OK ? (ssize_t)count : status;
}

static ssize_t coalescing_recv(void *base, void *bytes, size_t count, int flags) {
  struct coalescing *self = state_of(base);
  if (self->length > 0) {
    int status = flush(base);
    if (status != AMQP_STATUS_OK) return status;
  }
  return self->original->recv(base, bytes, count, flags);
}

static int coalescing_open(void *base, const char *host, int port, const struct timeval *timeout) {
  return state_of(base)->original->open(base, host, port, timeout);
}

static int coalescing_close(void *base, int force) {
  struct coalescing *self = state_of(base);
  self->length = 0;
  return self->original->close(base, force);
}

static int coalescing_sockfd(void *base) {
  return state_of(base)->original->get_sockfd(base);
}

static void coalescing_delete(void *base) {
  struct coalescing *self = state_of(base);
  const struct socket_class *original = self->original;
  ((struct socket_base *)base)->klass = original;
  free(self->buffer);
  free(self);
  original->delete_(base);
}

static struct coalescing *installed(amqp_connection_state_t state) {
  struct socket_base *socket = (struct socket_base *)amqp_get_socket(state);
  if (socket == NULL || socket->klass->send != coalescing_send) return NULL;
  return (struct coalescing *)socket->klass;
}

int batbern_amqp_coalesce_writes(amqp_connection_state_t state, int flush_timeout_ms) {
  struct socket_base *socket = (struct socket_base *)amqp_get_socket(state);
  if (socket == NULL) return AMQP_STATUS_SOCKET_CLOSED;
  if (installed(state) != NULL) return AMQP_STATUS_OK;
  struct coalescing *self = calloc(1, sizeof(*self));
  if (self == NULL) return AMQP_STATUS_NO_MEMORY;
  self->klass = (struct socket_class){coalescing_send, coalescing_recv, coalescing_open,
                                      coalescing_close, coalescing_sockfd, coalescing_delete};
  self->original = socket->klass;
  self->flush_timeout_ms = flush_timeout_ms;
  socket->klass = &self->klass;
  return AMQP_STATUS_OK;
}

void batbern_amqp_cork(amqp_connection_state_t state) {
  struct coalescing *self = installed(state);
  if (self != NULL) self->corked = 1;
}

int batbern_amqp_uncork(amqp_connection_state_t state) {
  struct coalescing *self = installed(state);
  if (self == NULL) return AMQP_STATUS_OK;
  self->corked = 0;
  if (self->length == 0) return AMQP_STATUS_OK;
  return flush(amqp_get_socket(state));
}

size_t batbern_amqp_write_count(amqp_connection_state_t state) {
  struct coalescing *self = installed(state);
  return self == NULL ? 0 : self->flushes;
}
