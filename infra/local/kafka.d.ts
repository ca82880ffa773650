/** A running local broker. */
export interface LocalKafka {
    /** Bootstrap address, e.g. `127.0.0.1:40123`. */
    brokers: string;
    /** Data and log directory of this broker. */
    dataDir: string;
    /** Milliseconds from spawning the JVM to the broker answering metadata requests. */
    startMillis: number;
    /** Stops the broker (SIGTERM, then SIGKILL after `graceMillis`) and waits for the JVM to exit. */
    stop(graceMillis?: number): Promise<void>;
}
/** Options for {@link startLocalKafka}. */
export interface LocalKafkaOptions {
    /** Directory for KRaft metadata, logs and the broker's own log file; created when missing. */
    dataDir: string;
    /** Client port on 127.0.0.1; 0 (default) picks a free port. */
    port?: number;
    /** JVM heap, e.g. `1g`. */
    heap?: string;
    /** How long to wait for readiness before giving up. */
    readyTimeoutMillis?: number;
}
/**
 * Resolves the Kafka jars with Maven (no-op when the classpath is already resolved and every jar exists)
 * and returns the classpath.
 */
export declare function fetchKafka(): string;
/** Returns a TCP port that is free on 127.0.0.1 right now. */
export declare function freePort(): Promise<number>;
/** Formats KRaft storage in `dataDir` (once) and starts a broker+controller; resolves when it answers. */
export declare function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka>;
/** `java -cp <kafka classpath> <mainClass> ...`: runs one of Kafka's own tools (e.g. ProducerPerformance). */
export declare function runKafkaTool(mainClass: string, args: string[]): {
    status: number | null;
    stdout: string;
    stderr: string;
};
