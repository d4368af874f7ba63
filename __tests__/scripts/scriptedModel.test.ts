/** `npm run scripted-model`: the scripted Responses API on its own, printing the URL to pass as --endpoint. */
import { execa } from 'execa';

test('prints its URL and answers Responses API requests there', async () => {
  const server = execa('node_modules/.bin/tsx', ['scripts/scriptedModel.ts'], { reject: false });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/.exec(out)?.[1];
        if (found) resolve(found);
      });
      void server.then((r) => reject(new Error(`it exited: ${r.stderr}`)));
    });
    const schema = { type: 'object', properties: { status: { type: 'string', enum: ['complete'] } }, required: ['status'], additionalProperties: false };
    const reply = await fetch(`${url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: [{ type: 'message', role: 'user', content: 'hi' }], text: { format: { type: 'json_schema', schema } } }),
    });
    // Its script: a shell command first, as a worker's first turn would be.
    expect(await reply.text()).toContain('"name":"exec_command"');
  } finally {
    server.kill('SIGTERM');
    await server;
  }
});
