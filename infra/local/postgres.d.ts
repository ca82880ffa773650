/** A running embedded PostgreSQL. */
export interface LocalPostgres {
    /** Connection string for the `postgres` superuser database. */
    url: string;
    /** Stops the server and waits for it to exit. */
    stop(): Promise<void>;
}
/**
 * Initialises (once) and starts PostgreSQL in `dataDir` on 127.0.0.1:`port`. As root, initdb refuses to run
 * under the root account, so the package's `createPostgresUser` option runs it as a dedicated system user.
 */
export declare function startEmbeddedPostgres(dataDir: string, port: number): Promise<LocalPostgres>;
/** True when a PostgreSQL server accepts `url` within two seconds. */
export declare function canConnect(url: string): Promise<boolean>;
