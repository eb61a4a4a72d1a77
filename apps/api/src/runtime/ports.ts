import { createServer } from 'node:net';

/** A port a service of ours should listen on: the configured one, or the default unless another program has it. */
export interface PortChoice {
  port: number;
  /** Set when the default was taken and another port was chosen instead (for the start banner). */
  movedFrom?: number;
}

export class PortInUseError extends Error {
  constructor(variable: string, port: number) {
    super(`port ${port} (${variable}) is already in use by another program: stop it, or set ${variable} to a free port`);
    this.name = 'PortInUseError';
  }
}

/**
 * An explicitly configured port is used as it is (in use → a clear error naming the variable). The default is
 * used when free; when another program (say a second `npm start`) holds it, any free port is taken instead and
 * reported, so two systems can run side by side.
 */
export async function choosePort(variable: string, defaultPort: number, configured: number | undefined, host = '127.0.0.1'): Promise<PortChoice> {
  if (configured !== undefined) {
    if (configured !== 0 && !(await isFree(configured, host))) throw new PortInUseError(variable, configured);
    return { port: configured };
  }
  if (await isFree(defaultPort, host)) return { port: defaultPort };
  return { port: await freePort(host), movedFrom: defaultPort };
}

export function isFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
