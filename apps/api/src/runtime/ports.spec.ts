import { createServer, type Server } from 'node:net';
import { choosePort, freePort, PortInUseError } from './ports';

/** Holds a port the way another program would. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe('choosePort', () => {
  it('uses the default when it is free', async () => {
    const port = await freePort();
    await expect(choosePort('PORT', port, undefined)).resolves.toEqual({ port });
  });

  it('moves to a free port when the default is taken, and says from where', async () => {
    const held = await occupy();
    try {
      const choice = await choosePort('PORT', held.port, undefined);
      expect(choice.movedFrom).toBe(held.port);
      expect(choice.port).not.toBe(held.port);
      expect(choice.port).toBeGreaterThan(0);
    } finally {
      held.server.close();
    }
  });

  it('refuses a configured port that is taken, naming the variable', async () => {
    const held = await occupy();
    try {
      await expect(choosePort('EMBEDDED_PG_PORT', 54329, held.port)).rejects.toThrow(PortInUseError);
      await expect(choosePort('EMBEDDED_PG_PORT', 54329, held.port)).rejects.toThrow(`port ${held.port} (EMBEDDED_PG_PORT) is already in use`);
    } finally {
      held.server.close();
    }
  });

  it('uses a configured free port as it is', async () => {
    const port = await freePort();
    await expect(choosePort('PORT', 3000, port)).resolves.toEqual({ port });
  });
});
