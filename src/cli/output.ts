// How commands end and print: errors are one line that says what to do (credentials redacted).
import { redactCredentials } from '../redact.ts';

export function fail(message: string, code = 1): never {
  process.stderr.write(`airlock: ${redactCredentials(message)}\n`);
  process.exit(code);
}

export function print(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}
