import 'reflect-metadata';
import { parseEnvironment } from '../config/config.schema';
import { runMigrations } from '../infrastructure/database/data-source';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL and exits. */
async function main(): Promise<void> {
  const { DATABASE_URL } = parseEnvironment(process.env);
  if (!DATABASE_URL) throw new Error('DATABASE_URL is required');
  const applied = await runMigrations(DATABASE_URL);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
