// json-server 0.17 ships without type declarations; the benchmark uses its create/defaults/router API.
declare module 'json-server' {
  import type { Express, RequestHandler } from 'express';
  const jsonServer: {
    create(): Express;
    defaults(options?: { logger?: boolean; static?: string; noCors?: boolean; readOnly?: boolean }): RequestHandler[];
    router(source: string): RequestHandler;
  };
  export default jsonServer;
}
