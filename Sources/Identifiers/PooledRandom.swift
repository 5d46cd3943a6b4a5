import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The system's cryptographically secure random bytes, fetched 4 KiB at a
/// time: `SystemRandomNumberGenerator` makes one `getrandom` call per number,
/// which cost every new identifier (and so every event a worker writes)
/// two system calls. Here one call serves 256 identifiers.
struct PooledRandom: RandomNumberGenerator {
    private static let pool = Mutex(Pool())

    mutating func next() -> UInt64 {
        Self.pool.withLock { $0.next() }
    }

    /// 512 numbers from the system's generator and how many are used.
    private struct Pool: ~Copyable {
        private var numbers = [UInt64](repeating: 0, count: 512)
        private var used = 512

        mutating func next() -> UInt64 {
            if used == numbers.count { refill() }
            defer { used += 1 }
            return numbers[used]
        }

        private mutating func refill() {
            let filled = numbers.withUnsafeMutableBytes { Self.fill($0) }
            if !filled {
                // No getrandom here (or it failed): the standard library's generator, one number at a time.
                var system = SystemRandomNumberGenerator()
                for index in numbers.indices { numbers[index] = system.next() }
            }
            used = 0
        }

        /// Reads `/dev/urandom` (the kernel's CSPRNG, as `getrandom`, which
        /// Glibc's module does not export); false if it cannot be read.
        private static func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
            #if canImport(Glibc)
                guard let base = buffer.baseAddress else { return false }
                let file = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
                guard file >= 0 else { return false }
                defer { close(file) }
                var offset = 0
                while offset < buffer.count {
                    let count = read(file, base + offset, buffer.count - offset)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return false }
                    offset += count
                }
                return true
            #else
                return false
            #endif
        }
    }
}
