// The local mail catcher (R-MAIL-1 under `npm start`): an SMTP server (smtp-server) that accepts every
// message, parses it (mailparser) and keeps it — in memory, and as one JSON line per message under the data
// directory so the inbox survives a restart — plus a small web inbox page. Both listen on 127.0.0.1 only.
// Chosen over maildev: smtp-server and mailparser are the libraries maildev itself is built on, already
// installed, with no web framework or UI build to pull in; the inbox here is one page and a JSON route
// (GET /dev/mail on the API).

import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { dirname } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { LOOPBACK } from './stores.ts';

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

export interface MailCatcher {
  readonly smtpPort: number;
  readonly webPort: number;
  readonly webUrl: string;
  /** Newest first. */
  messages(): CaughtMail[];
  stop(): Promise<void>;
}

export interface MailCatcherOptions {
  /** 0: any free port. */
  smtpPort?: number;
  webPort?: number;
  /** Where the inbox is kept between restarts (JSON Lines); memory only when absent. */
  file?: string;
  /** Recipients refused for good (550), as a mail server refuses an unknown mailbox: to try bounces. */
  refuses?: RegExp;
}

let active: MailCatcher | undefined;

/** What the running catcher of this process received (GET /dev/mail), newest first; none without one. */
export const caughtMail = (): CaughtMail[] => active?.messages() ?? [];

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) =>
    a.value.flatMap((v) => (v.address ? [v.address] : [])),
  );

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function inboxPage(messages: readonly CaughtMail[]): string {
  const rows = messages.map(
    (m, i) => `<details${i === 0 ? ' open' : ''}><summary><b>${escapeHtml(m.subject)}</b> — ${escapeHtml(
      m.to.join(', '),
    )} — ${escapeHtml(m.sentAt)}</summary>
<iframe sandbox style="width: 100%; height: 24em; border: 1px solid #ccc" srcdoc="${escapeHtml(m.html)}"></iframe>
<pre style="white-space: pre-wrap">${escapeHtml(m.text)}</pre></details>`,
  );
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hộp thư cục bộ / local inbox</title>
<meta http-equiv="refresh" content="10"></head><body style="font-family: sans-serif">
<h1>Hộp thư cục bộ / local inbox (${messages.length})</h1>
${rows.join('\n') || '<p>Chưa có thư / no mail yet.</p>'}
</body></html>`;
}

/** Listens on 127.0.0.1:`port` (0: any free port). */
async function listen(server: Server, port: number) {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const inbox: CaughtMail[] = [];
  if (options.file) {
    const saved = await readFile(options.file, 'utf8').catch(() => '');
    for (const line of saved.split('\n')) {
      if (!line) continue;
      try {
        inbox.push(JSON.parse(line) as CaughtMail);
      } catch {
        // A torn last line (the process stopped mid-write) is skipped.
      }
    }
    await mkdir(dirname(options.file), { recursive: true });
  }

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'commendation local mail catcher',
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (options.refuses?.test(address.address)) {
        const error = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const mail: CaughtMail = {
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            sentAt: new Date().toISOString(),
          };
          inbox.push(mail);
          if (options.file) await appendFile(options.file, `${JSON.stringify(mail)}\n`, 'utf8');
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await listen(smtp.server, options.smtpPort ?? 0);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const messages = () => [...inbox].reverse();
  const web = createServer((req, res) => {
    if (req.url === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ items: messages() }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(inboxPage(messages()));
  });
  try {
    await listen(web, options.webPort ?? 0);
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  const webPort = (web.address() as AddressInfo).port;

  const catcher: MailCatcher = {
    smtpPort,
    webPort,
    webUrl: `http://localhost:${webPort}`,
    messages,
    async stop() {
      if (active === catcher) active = undefined;
      web.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => web.close(() => resolve())),
      ]);
    },
  };
  active = catcher;
  return catcher;
}
