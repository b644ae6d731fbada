// The local mailer's transport: SMTP to the local mail catcher through nodemailer, the same rendered
// e-mails the mailer Lambda sends through SES. A 5xx reply refuses the address for good; anything else
// (the catcher down, a 4xx) is transient and retried.

import nodemailer from 'nodemailer';
import { type MailTransport, PermanentMailFailure } from '#functions/jobs/mail-delivery.ts';
import { LOOPBACK } from './stores.ts';

export function smtpTransport(port: number, from: string): MailTransport {
  const mailer = nodemailer.createTransport({
    host: LOOPBACK,
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  return {
    name: 'smtp',
    async send(mail) {
      try {
        const info = await mailer.sendMail({ from, ...mail });
        return { messageId: info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) throw new PermanentMailFailure((error as Error).message);
        throw error;
      }
    },
  };
}
