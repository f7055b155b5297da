#ifndef SEQTHINK_CSYSTEM_H
#define SEQTHINK_CSYSTEM_H
// A tiny shim for the Linux calls Swift's Glibc module does not export (epoll, accept4,
// eventfd) and for the flags it does not mirror. Each function is a thin pass-through;
// errors come back as -1 with errno set. The kernel's `struct epoll_event` is packed on
// x86_64, so events cross into Swift through the plain struct below instead.

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

/// One readiness report: the epoll event bits and the 64-bit token given at registration.
typedef struct {
    uint32_t events;
    uint64_t token;
} csystem_event;

// epoll flags (macros and enum values Swift cannot see through Glibc).
static const uint32_t CSYSTEM_EPOLLIN = 0x001;
static const uint32_t CSYSTEM_EPOLLPRI = 0x002;
static const uint32_t CSYSTEM_EPOLLOUT = 0x004;
static const uint32_t CSYSTEM_EPOLLERR = 0x008;
static const uint32_t CSYSTEM_EPOLLHUP = 0x010;
static const uint32_t CSYSTEM_EPOLLRDHUP = 0x2000;
static const uint32_t CSYSTEM_EPOLLEXCLUSIVE = 1u << 28;
static const uint32_t CSYSTEM_EPOLLET = 1u << 31;

static const int CSYSTEM_EPOLL_CTL_ADD = 1;
static const int CSYSTEM_EPOLL_CTL_DEL = 2;
static const int CSYSTEM_EPOLL_CTL_MOD = 3;

/// epoll_create1(EPOLL_CLOEXEC).
int csystem_epoll_create(void);
/// epoll_ctl with the token stored in the event's data.u64.
int csystem_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t token);
/// epoll_wait into `out` (at most `max_events`, capped at 1024); returns the count.
int csystem_epoll_wait(int epfd, csystem_event *out, int max_events, int timeout_ms);

/// accept4(SOCK_NONBLOCK | SOCK_CLOEXEC); fills `addr` (of `addr_capacity` bytes) and `*addr_len`.
int csystem_accept(int fd, void *addr, uint32_t addr_capacity, uint32_t *addr_len);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int csystem_eventfd(void);
/// Adds 1 to the eventfd counter.
int csystem_eventfd_signal(int fd);
/// Resets the eventfd counter; returns 0, or -1 with errno (EAGAIN when already zero).
int csystem_eventfd_drain(int fd);

/// sendmsg with MSG_NOSIGNAL (no SIGPIPE on a closed peer) over `count` buffers.
ssize_t csystem_sendv(int fd, const struct iovec *iov, int count);
/// send with MSG_NOSIGNAL.
ssize_t csystem_send(int fd, const void *buf, size_t len);

/// Socket options the service sets, spelled out so Swift need not mirror the constants.
int csystem_set_reuseaddr(int fd);
int csystem_set_nodelay(int fd);
int csystem_set_nonblocking(int fd);

/// Formats a sockaddr (IPv4 or IPv6) as "ip:port" / "[ip]:port" into `out`; returns its length.
int csystem_format_address(const void *addr, uint32_t len, char *out, size_t out_capacity);
/// The local port bound to `fd`, or -1.
int csystem_local_port(int fd);

/// Blocks `signals` (an array of `count` signal numbers) in the calling thread's mask, so they
/// can be read from a signalfd instead (block them before spawning threads: new threads inherit
/// the mask). Returns 0 or -1 with errno.
int csystem_block_signals(const int *signals, int count);
/// Unblocks `signals` in the calling thread's mask.
int csystem_unblock_signals(const int *signals, int count);
/// signalfd(SFD_NONBLOCK | SFD_CLOEXEC) for `signals` (which must be blocked).
int csystem_signalfd(const int *signals, int count);
/// Reads one signal from a signalfd: its number, or -1 with errno (EAGAIN when none is pending).
int csystem_signalfd_read(int fd);

/// Binds and listens on host:port (numeric or resolvable host; port 0 = ephemeral) with
/// SO_REUSEADDR, non-blocking and close-on-exec. Returns the fd, or -1 with errno set.
/// `*gai_error` receives a getaddrinfo error code when resolution fails (errno is then 0).
int csystem_listen(const char *host, int port, int backlog, int *gai_error);

/// pipe2(O_CLOEXEC), for a child process's stdin/stdout/stderr.
int csystem_pipe_cloexec(int fds[2]);
/// posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor >= `lowfd`.
/// `actions` is a posix_spawn_file_actions_t *.
int csystem_spawn_closefrom(void *actions, int lowfd);

#endif
