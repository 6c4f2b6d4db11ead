/**
 * The benchmark's outside yardstick: json-server (0.17.4, npm's `latest`), the mock REST server many
 * developers reach for, serving the same users from a db file through its own router and defaults
 * (logging off). Prints its URL as one JSON line, like the other servers the benchmark starts.
 * Usage: node --import tsx bench/json-server.ts <db.json>
 */
import jsonServer from 'json-server';

const app = jsonServer.create();
app.use(jsonServer.defaults({ logger: false }));
app.use(jsonServer.router(process.argv[2]!));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
