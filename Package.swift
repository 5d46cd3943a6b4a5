// swift-tools-version:6.2
import PackageDescription

/// Strict concurrency everywhere; Swift 6 language mode is the tools-version default.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Five of the bounded contexts, one module each (Notifications, with more
/// dependencies, is declared on its own below).
let boundedContexts = ["Companies", "Partners", "Events", "Speakers", "Attendees"]

let package = Package(
    name: "batbern-workers",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "batbern", targets: ["batbern"]),
        .library(name: "AMQP", targets: ["AMQP"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "Messaging", targets: ["Messaging"]),
        .library(name: "Identifiers", targets: ["Identifiers"]),
    ],
    // Off by default: swift-otel's exporter pulls in async-http-client, NIO SSL
    // and protobuf, minutes of build that the default build and CI skip.
    traits: [
        .trait(name: "OTLP", description: "Export spans with swift-otel (OTLP/HTTP) when OTEL_EXPORTER_OTLP_ENDPOINT is set")
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(
            url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0",
            traits: [.trait(name: "OTLPHTTP", condition: .when(traits: ["OTLP"]))]
        ),
    ],
    targets: [
        // C libraries, found through pkg-config; nothing vendored.
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .target(name: "CRabbitMQShim", dependencies: ["CRabbitMQ"]),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // libcurl's SMTP, for the notifications worker's mail; curl_easy_setopt
        // is variadic, so a tiny shim does the whole send.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),

        // Layers.
        .target(name: "Retry", swiftSettings: swiftSettings),
        // The one identifier type: a UUID, lowercase on the wire.
        .target(name: "Identifiers", swiftSettings: swiftSettings),
        .target(
            name: "AMQP",
            dependencies: [
                "CRabbitMQ", "CRabbitMQShim", "Retry",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ", "Retry", "Identifiers",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Messaging",
            dependencies: [
                "AMQP", "Postgres", "Retry", "Identifiers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),

        // The kernel's test worker (`batbern probe`, the kernel tests, batbern-bench),
        // kept out of the kernel every production worker runs.
        .target(name: "KernelProbe", dependencies: ["Messaging", "Postgres", "Identifiers"], swiftSettings: swiftSettings),

        // The sixth context: notifications turns the sagas' events into email.
        .target(
            name: "Notifications",
            dependencies: [
                "Messaging", "Postgres", "Identifiers", "Retry", "CCurlShim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications", "Messaging", "Postgres", "Identifiers", "TestSupport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // One module per bounded context: Domain/ (pure), Handlers, Store (SQL), Messages.
    ]
        + boundedContexts.map { context in
            .target(
                name: context,
                dependencies: [
                    "Messaging", "Postgres", "Identifiers",
                    .product(name: "Logging", package: "swift-log"),
                ],
                swiftSettings: swiftSettings
            )
        }
        + boundedContexts.map { context in
            .testTarget(
                name: "\(context)Tests",
                dependencies: [.byName(name: context), "Messaging", "Postgres", "Identifiers", "TestSupport"],
                swiftSettings: swiftSettings
            )
        } + [
            // The process: configuration, wiring, and the thin CLI around it.
            .target(
                name: "WorkerHost",
                dependencies: [
                    "AMQP", "Postgres", "Messaging", "Identifiers", "Retry",
                    .product(name: "Logging", package: "swift-log"),
                    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                    .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                    .product(name: "Tracing", package: "swift-distributed-tracing"),
                    .product(name: "OTel", package: "swift-otel", condition: .when(traits: ["OTLP"])),
                ] + (boundedContexts + ["Notifications"]).map { .byName(name: $0) },
                swiftSettings: swiftSettings
            ),
            .executableTarget(
                name: "batbern",
                dependencies: [
                    "WorkerHost", "Identifiers", "LoadGenerator", "Operations", "AMQP", "Messaging", "Postgres", "KernelProbe", "FlowTrace",
                    "SagaClient", "Demo", "Companies", "Events", "Speakers", "Attendees", "Notifications",
                    .product(name: "ArgumentParser", package: "swift-argument-parser"),
                    .product(name: "Logging", package: "swift-log"),
                ],
                swiftSettings: swiftSettings
            ),

            // Drives the running workers as a client would (`batbern load`, `batbern demo`).
            .target(
                name: "SagaClient",
                dependencies: ["AMQP", "Identifiers", "Messaging", "Companies", "Events", "Speakers"],
                swiftSettings: swiftSettings
            ),

            // `batbern demo`: the three sagas narrated against the running workers.
            .target(
                name: "Demo",
                dependencies: [
                    "SagaClient", "FlowTrace", "Identifiers", "Messaging", "Postgres", "Companies", "Partners", "Events", "Speakers", "Attendees",
                ],
                swiftSettings: swiftSettings
            ),

            // `batbern trace`: a flow put back together from every context's kernel tables.
            .target(name: "FlowTrace", dependencies: ["Identifiers", "Postgres"], swiftSettings: swiftSettings),

            // `batbern load`'s pure parts: pacing, latency statistics, the sagas'
            // invariants over the answers it saw. No I/O; the command does that.
            .target(
                name: "LoadGenerator",
                dependencies: ["Identifiers", "Messaging", "Retry", .product(name: "Histogram", package: "hdrhistogram-swift")],
                swiftSettings: swiftSettings
            ),
            .testTarget(name: "LoadGeneratorTests", dependencies: ["LoadGenerator", "Identifiers", "Messaging"], swiftSettings: swiftSettings),

            // The operators' commands' parts (send, status, parked): what to show
            // and when to stop or complain, pure; the CLI does the I/O.
            .target(name: "Operations", dependencies: ["AMQP", "Identifiers", "Messaging"], swiftSettings: swiftSettings),
            .testTarget(
                name: "OperationsTests",
                dependencies: ["Operations", "WorkerHost", "Identifiers", "Messaging", .product(name: "Logging", package: "swift-log")],
                swiftSettings: swiftSettings
            ),

            // Benchmarks (not run by the tests): swift build -c release; .build/release/batbern-bench
            .executableTarget(
                name: "batbern-bench",
                dependencies: [
                    "AMQP", "Messaging", "Postgres", "WorkerHost", "Identifiers", "Partners", "KernelProbe",
                    .product(name: "ArgumentParser", package: "swift-argument-parser"),
                ],
                swiftSettings: swiftSettings
            ),

            .testTarget(name: "AMQPTests", dependencies: ["AMQP", "TestSupport"], swiftSettings: swiftSettings),
            .testTarget(name: "IdentifiersTests", dependencies: ["Identifiers"], swiftSettings: swiftSettings),
            .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Identifiers", "TestSupport"], swiftSettings: swiftSettings),
            .testTarget(
                name: "MessagingTests",
                dependencies: [
                    "Messaging", "KernelProbe", "Identifiers", "TestSupport", .product(name: "Tracing", package: "swift-distributed-tracing"),
                    // Real messages of the contexts for EnvelopeReaderTests.
                    "Companies", "Speakers", "Attendees", "Events",
                ],
                swiftSettings: swiftSettings
            ),
            // The sagas end to end: every worker involved, real RabbitMQ and PostgreSQL.
            .testTarget(
                name: "SystemTests",
                dependencies: [
                    "TestSupport", "WorkerHost", "Messaging", "KernelProbe", "AMQP", "Postgres", "Identifiers", "LoadGenerator", "FlowTrace",
                    "SagaClient", "Demo", "Operations", .product(name: "Tracing", package: "swift-distributed-tracing"),
                ]
                    + (boundedContexts + ["Notifications"]).map { .byName(name: $0) },
                swiftSettings: swiftSettings
            ),
            .target(
                name: "TestSupport",
                dependencies: [
                    "AMQP", "Postgres", "Messaging", "WorkerHost", "Identifiers",
                    .product(name: "Logging", package: "swift-log"),
                    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                    .product(name: "Tracing", package: "swift-distributed-tracing"),
                    .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                ],
                path: "Tests/TestSupport",
                swiftSettings: swiftSettings
            ),
        ]
)
