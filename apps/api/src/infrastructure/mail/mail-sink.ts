import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { escapeHtml } from './escape-html';

/**
 * An SMTP sink with a web inbox: accepts every mail on loopback and keeps the newest in memory, so that the
 * embedded default and the tests have a real SMTP server to talk to and a place to read what was sent.
 * Inbox: GET / (HTML), GET /messages (JSON), DELETE /messages (clear). Not for production use.
 */
export interface SinkMessage {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
}

export interface MailSinkOptions {
  smtpPort: number;
  webPort: number;
  host?: string;
  capacity?: number;
  /** Answer every RCPT with this SMTP error, to test retries (can be changed at run time). */
  refuseWith?: { code: number; message: string } | null;
  /** Hold every RCPT this long before answering, to keep a send job active (e.g. to kill a worker mid-job). */
  holdMs?: number;
}

export class MailSink {
  readonly messages: SinkMessage[] = [];
  refuseWith: { code: number; message: string } | null;
  holdMs: number;
  /** RCPT commands being held right now (see holdMs). */
  holding = 0;
  private nextId = 1;
  private smtp?: SMTPServer;
  private web?: Server;
  smtpPort = 0;
  webPort = 0;

  constructor(private readonly options: MailSinkOptions) {
    this.refuseWith = options.refuseWith ?? null;
    this.holdMs = options.holdMs ?? 0;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  get inboxUrl(): string {
    return `http://127.0.0.1:${this.webPort}/`;
  }

  async start(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      banner: 'Evalflow mail sink',
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (this.holdMs > 0) {
          this.holding += 1;
          setTimeout(() => {
            this.holding -= 1;
            this.answerRcpt(callback);
          }, this.holdMs);
          return;
        }
        this.answerRcpt(callback);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.store({
              from: parsed.from?.text ?? String(session.envelope.mailFrom && session.envelope.mailFrom.address),
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              messageId: parsed.messageId ?? null,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    // smtp-server re-emits its socket's errors on itself; unheard, an EADDRINUSE (a second sink on the same port)
    // became an uncaught exception that killed the process. A listen failure reaches the caller through listen().
    this.smtp.on('error', () => undefined);
    this.smtpPort = await listen(this.smtp.server as unknown as Server, this.options.smtpPort, host);
    this.web = createServer((req, res) => {
      if (req.method === 'DELETE' && req.url === '/messages') {
        this.messages.length = 0;
        res.writeHead(204).end();
      } else if (req.url === '/messages') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(this.messages));
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderInbox(this.messages));
      }
    });
    this.webPort = await listen(this.web, this.options.webPort, host);
  }

  async stop(): Promise<void> {
    await Promise.all([
      new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (this.web ? this.web.close(() => resolve()) : resolve())),
    ]);
  }

  /** Accepts the recipient, or refuses it with the configured SMTP error (checked when answering, after any hold). */
  private answerRcpt(callback: (error?: Error | null) => void): void {
    if (!this.refuseWith) return callback();
    const error = new Error(this.refuseWith.message) as Error & { responseCode: number };
    error.responseCode = this.refuseWith.code;
    callback(error);
  }

  private store(message: Omit<SinkMessage, 'id' | 'receivedAt'>): void {
    this.messages.unshift({ id: this.nextId++, receivedAt: new Date().toISOString(), ...message });
    this.messages.length = Math.min(this.messages.length, this.options.capacity ?? 500);
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}


function renderInbox(messages: SinkMessage[]): string {
  const rows = messages
    .map(
      (m) => `<details><summary><b>${escapeHtml(m.subject)}</b> — ${escapeHtml(m.to.join(', '))} <small>${m.receivedAt}</small></summary>
<pre>${escapeHtml(m.text)}</pre></details>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Evalflow 邮件收件箱</title>
<body style="font-family:sans-serif;max-width:60rem;margin:2rem auto"><h1>Evalflow 开发邮件收件箱（${messages.length}）</h1>
<p>嵌入模式下系统发出的全部邮件都在这里，不会真正投递。</p>${rows || '<p>暂无邮件</p>'}</body></html>`;
}
