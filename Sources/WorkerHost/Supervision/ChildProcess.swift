import Foundation

/// The system calls behind `Supervisor`: spawn a child, signal it, collect
/// its exit without blocking.
enum ChildProcess {
    /// Starts `executable` with `arguments` (argv[0] is `name0`) and exactly
    /// `environment`.
    ///
    /// The child gets default signal dispositions and an empty signal mask
    /// whatever this process did with its own, a process group of its own
    /// (a Ctrl-C in the terminal reaches the supervisor only, which then
    /// stops the children in order), and no open file but standard input,
    /// output and error (a lock this process inherited stays with it).
    static func spawn(
        _ executable: String, name0: String, arguments: [String], environment: [String: String]
    ) throws -> Int32 {
        markOpenFilesCloseOnExec()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([name0] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, nil, &attributes, argv, envp)
        guard status == 0 else { throw SpawnFailed(errno: status) }
        return pid
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np is not visible to
    /// Swift; marking this process's descriptors above 2 close-on-exec has
    /// the same effect on the child and none on this process.
    private static func markOpenFilesCloseOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for fd in entries.compactMap(Int32.init) where fd > 2 {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    /// The child's exit, once it has ended; nil while it runs.
    static func reap(_ pid: Int32) -> ProcessExit? {
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
        if result == pid { return ProcessExit(waitStatus: status) }
        // ECHILD: it is no child of ours (any more); it is gone all the same,
        // with an exit status nobody can know.
        if result < 0 { return .exited(-1) }
        return nil
    }

    static func signal(_ pid: Int32, _ signal: Int32) {
        kill(pid, signal)
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "posix_spawn failed: \(String(cString: strerror(errno)))" }
    }
}
