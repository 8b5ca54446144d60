import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server that records every request it receives and answers 200 `{"ok":true}` unless told otherwise per path. */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private server?: Server;

  async start(host = '127.0.0.1'): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        this.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        const behaviour = this.behaviours.get((request.url ?? '').split('?')[0]);
        if (behaviour) return behaviour(request, response);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  answer(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
