import CRabbitMQ
import Glibc

/// Memory for the C structures of one outgoing frame.
///
/// librabbitmq encodes a method or a publish synchronously, so everything the
/// structures point to only has to live until that call returns; the arena frees
/// it all at once afterwards. Only ever used on the connection thread.
final class CArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { free(block) }
    }

    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let size = max(1, MemoryLayout<T>.stride * count)
        guard let raw = malloc(size) else { fatalError("out of memory") }
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        var copy = string
        return copy.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    func bytes(_ array: [UInt8]) -> amqp_bytes_t {
        array.withUnsafeBytes { bytes($0) }
    }

    func bytes(_ buffer: UnsafeRawBufferPointer) -> amqp_bytes_t {
        guard buffer.count > 0, let base = buffer.baseAddress else {
            return amqp_bytes_t(len: 0, bytes: nil)
        }
        let target = allocate(UInt8.self, count: buffer.count)
        target.update(from: base.assumingMemoryBound(to: UInt8.self), count: buffer.count)
        return amqp_bytes_t(len: buffer.count, bytes: UnsafeMutableRawPointer(target))
    }

    func table(_ table: AMQPTable) -> amqp_table_t {
        guard !table.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let entries = allocate(amqp_table_entry_t.self, count: table.count)
        for (index, entry) in table.entries.enumerated() {
            entries[index] = amqp_table_entry_t(key: bytes(entry.key), value: field(entry.value))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    func field(_ value: AMQPValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        func kind(_ k: amqp_field_value_kind_t) -> UInt8 { UInt8(k.rawValue) }
        switch value {
        case .bool(let v):
            field.kind = kind(AMQP_FIELD_KIND_BOOLEAN)
            field.value.boolean = v ? 1 : 0
        case .int8(let v):
            field.kind = kind(AMQP_FIELD_KIND_I8)
            field.value.i8 = v
        case .uint8(let v):
            field.kind = kind(AMQP_FIELD_KIND_U8)
            field.value.u8 = v
        case .int16(let v):
            field.kind = kind(AMQP_FIELD_KIND_I16)
            field.value.i16 = v
        case .uint16(let v):
            field.kind = kind(AMQP_FIELD_KIND_U16)
            field.value.u16 = v
        case .int32(let v):
            field.kind = kind(AMQP_FIELD_KIND_I32)
            field.value.i32 = v
        case .uint32(let v):
            field.kind = kind(AMQP_FIELD_KIND_U32)
            field.value.u32 = v
        case .int64(let v):
            field.kind = kind(AMQP_FIELD_KIND_I64)
            field.value.i64 = v
        case .uint64(let v):
            field.kind = kind(AMQP_FIELD_KIND_U64)
            field.value.u64 = v
        case .float(let v):
            field.kind = kind(AMQP_FIELD_KIND_F32)
            field.value.f32 = v
        case .double(let v):
            field.kind = kind(AMQP_FIELD_KIND_F64)
            field.value.f64 = v
        case .decimal(let scale, let v):
            field.kind = kind(AMQP_FIELD_KIND_DECIMAL)
            field.value.decimal = amqp_decimal_t(decimals: scale, value: v)
        case .string(let s):
            field.kind = kind(AMQP_FIELD_KIND_UTF8)
            field.value.bytes = bytes(s)
        case .bytes(let b):
            field.kind = kind(AMQP_FIELD_KIND_BYTES)
            field.value.bytes = bytes(b)
        case .timestamp(let v):
            field.kind = kind(AMQP_FIELD_KIND_TIMESTAMP)
            field.value.u64 = v
        case .table(let t):
            field.kind = kind(AMQP_FIELD_KIND_TABLE)
            field.value.table = table(t)
        case .array(let values):
            field.kind = kind(AMQP_FIELD_KIND_ARRAY)
            let items = allocate(amqp_field_value_t.self, count: values.count)
            for (index, item) in values.enumerated() { items[index] = self.field(item) }
            field.value.array = amqp_array_t(num_entries: Int32(values.count), entries: items)
        case .void: field.kind = kind(AMQP_FIELD_KIND_VOID)
        }
        return field
    }
}

// Decoding: copies out of librabbitmq's pools into Swift values right away,
// because the pools are recycled after every batch of frames.
extension String {
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let base = bytes.bytes else {
            self = ""
            return
        }
        let buffer = UnsafeRawBufferPointer(start: base, count: bytes.len)
        self = String(decoding: buffer, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let base = bytes.bytes else {
            self = []
            return
        }
        self = Array(UnsafeRawBufferPointer(start: base, count: bytes.len))
    }
}

extension AMQPTable {
    init(amqpTable table: amqp_table_t) {
        self.init()
        guard table.num_entries > 0, let entries = table.entries else { return }
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            self[String(amqpBytes: entry.key)] = AMQPValue(amqpField: entry.value)
        }
    }
}

extension AMQPValue {
    init(amqpField field: amqp_field_value_t) {
        switch UInt32(field.kind) {
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: self = .bool(field.value.boolean != 0)
        case AMQP_FIELD_KIND_I8.rawValue: self = .int8(field.value.i8)
        case AMQP_FIELD_KIND_U8.rawValue: self = .uint8(field.value.u8)
        case AMQP_FIELD_KIND_I16.rawValue: self = .int16(field.value.i16)
        case AMQP_FIELD_KIND_U16.rawValue: self = .uint16(field.value.u16)
        case AMQP_FIELD_KIND_I32.rawValue: self = .int32(field.value.i32)
        case AMQP_FIELD_KIND_U32.rawValue: self = .uint32(field.value.u32)
        case AMQP_FIELD_KIND_I64.rawValue: self = .int64(field.value.i64)
        case AMQP_FIELD_KIND_U64.rawValue: self = .uint64(field.value.u64)
        case AMQP_FIELD_KIND_F32.rawValue: self = .float(field.value.f32)
        case AMQP_FIELD_KIND_F64.rawValue: self = .double(field.value.f64)
        case AMQP_FIELD_KIND_DECIMAL.rawValue:
            self = .decimal(scale: field.value.decimal.decimals, value: field.value.decimal.value)
        case AMQP_FIELD_KIND_UTF8.rawValue:
            let raw = [UInt8](amqpBytes: field.value.bytes)
            if let text = String(validating: raw, as: UTF8.self) { self = .string(text) } else { self = .bytes(raw) }
        case AMQP_FIELD_KIND_BYTES.rawValue: self = .bytes([UInt8](amqpBytes: field.value.bytes))
        case AMQP_FIELD_KIND_TIMESTAMP.rawValue: self = .timestamp(field.value.u64)
        case AMQP_FIELD_KIND_TABLE.rawValue: self = .table(AMQPTable(amqpTable: field.value.table))
        case AMQP_FIELD_KIND_ARRAY.rawValue:
            let array = field.value.array
            var values: [AMQPValue] = []
            if array.num_entries > 0, let entries = array.entries {
                values.reserveCapacity(Int(array.num_entries))
                for index in 0..<Int(array.num_entries) { values.append(AMQPValue(amqpField: entries[index])) }
            }
            self = .array(values)
        default: self = .void
        }
    }
}
