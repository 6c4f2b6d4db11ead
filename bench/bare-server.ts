/**
 * The benchmark's baseline: a bare Node http server answering a fixed SCIM ListResponse (one user),
 * serialized per request as a real server would. Whatever Scimscope adds (routing, auth, filters,
 * recording) shows up as the ratio between its throughput and this one, measured in the same run.
 */
import http from 'node:http';

const list = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 1,
  startIndex: 1,
  itemsPerPage: 1,
  Resources: [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: '2819c223-7f76-453a-919d-413861904646',
      userName: 'bjensen@example.com',
      name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Barbara Jensen' },
      displayName: 'Barbara Jensen',
      emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
      active: true,
      meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"', location: 'http://127.0.0.1/scim/v2/Users/2819c223-7f76-453a-919d-413861904646' },
    },
  ],
};

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/scim+json; charset=utf-8' });
    res.end(JSON.stringify(list));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
