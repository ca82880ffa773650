/**
 * Opt-in (CORDON_TESTCONTAINERS=1) for machines with a Docker engine: Kafka and PostgreSQL in containers
 * instead of the Maven-run broker and the local/embedded PostgreSQL.
 */
import { KafkaContainer } from '@testcontainers/kafka';
import { PostgreSqlContainer } from '@testcontainers/postgresql';

/** Running containers and how to reach them. */
export interface Containers {
  kafkaBrokers: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** Starts Kafka (Confluent's image of Apache Kafka, KRaft mode: what @testcontainers/kafka drives) and PostgreSQL. */
export async function startContainers(): Promise<Containers> {
  const [kafka, postgres] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new PostgreSqlContainer('postgres:17').start(),
  ]);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    databaseUrl: postgres.getConnectionUri(),
    async stop() {
      await Promise.all([kafka.stop(), postgres.stop()]);
    },
  };
}
