// Structured JSON logs (CloudWatch in AWS, stdout locally). Never log bodies: they carry personal data.

import { Logger } from '@aws-lambda-powertools/logger';
import { LOG_LEVEL } from '../config.ts';

export const logger = new Logger({
  serviceName: 'commendation',
  logLevel: LOG_LEVEL === 'SILENT' ? 'SILENT' : LOG_LEVEL,
});
