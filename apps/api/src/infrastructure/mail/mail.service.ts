import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import type { MailMessage } from '../queue/jobs';

/** The one place nodemailer lives. Callers never send directly: they queue a `send-mail` job. */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = nodemailer.createTransport(config.SMTP_URL, { from: config.MAIL_FROM });
  }

  async send(message: MailMessage, options: { messageId?: string } = {}): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: options.messageId,
    });
    // The number of recipients and the subject only: addresses and bodies are personal data.
    this.logger.log({ messageId: info.messageId, recipients: message.to.length, subject: message.subject }, 'mail sent');
  }

  /** Opens an SMTP session and says hello: the SMTP part of the health check. */
  verify(): Promise<true> {
    return this.transport.verify();
  }

  get host(): string {
    return new URL(this.config.SMTP_URL).host;
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
