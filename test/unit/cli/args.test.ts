import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArgs, settingsInput } from '../../../server/src/cli/args';

describe('parseArgs', () => {
  test('check with every option, in both --opt value and --opt=value spellings', () => {
    const cmd = parseArgs(
      ['check', '--format=sarif', '--fix', '--nginx-version', '1.24.0', '--heartbeat=45', '--rule', 'syntax=warning', '--rule=ws-http-version=off', '--websocket-path', '^/socket', '--prefix', '/etc/nginx', '--main=/etc/nginx/nginx.conf', 'a.conf', '--', '-odd-name.conf'],
      new Set(['syntax', 'ws-http-version']),
    );
    assert.deepEqual(cmd, {
      kind: 'check',
      options: {
        format: 'sarif',
        fix: true,
        nginxVersion: '1.24.0',
        heartbeat: 45,
        rules: [
          ['syntax', 'warning'],
          ['ws-http-version', 'off'],
        ],
        websocketPaths: ['^/socket'],
        prefix: '/etc/nginx',
        mains: ['/etc/nginx/nginx.conf'],
        paths: ['a.conf', '-odd-name.conf'],
      },
    });
  });

  test('--template is repeatable and reaches the settings as nginxWs.templates does', () => {
    const cmd = parseArgs(['check', '--template', 'deploy/*.conf', '--template=**/site.conf', 'a.conf']);
    assert.ok(cmd.kind === 'check');
    assert.deepEqual(cmd.options.templates, ['deploy/*.conf', '**/site.conf']);
    assert.deepEqual(settingsInput(cmd.options).templates, ['deploy/*.conf', '**/site.conf']);
  });

  test('--heartbeat takes seconds or nginx time syntax', () => {
    const heartbeat = (v: string): number | undefined => {
      const cmd = parseArgs(['check', '--heartbeat', v, 'a'], new Set());
      return cmd.kind === 'check' ? cmd.options.heartbeat : undefined;
    };
    assert.equal(heartbeat('25'), 25);
    assert.equal(heartbeat('2.5'), 2.5);
    assert.equal(heartbeat('10s'), 10);
    assert.equal(heartbeat('1m30s'), 90);
    assert.equal(heartbeat('500ms'), 0.5);
  });

  test('usage errors name what is wrong', () => {
    const cases: [string[], RegExp][] = [
      [[], /no command/],
      [['check'], /at least one PATH/],
      [['check', '--format'], /--format needs a value/],
      [['check', '--format', 'xml', 'a'], /--format must be one of text, json, sarif/],
      [['check', '--nginx-version', 'latest', 'a'], /--nginx-version must look like/],
      [['check', '--heartbeat', '0', 'a'], /--heartbeat must be a positive time/],
      [['check', '--heartbeat', '10x', 'a'], /--heartbeat must be a positive time, in seconds \(30\) or nginx's syntax/],
      [['check', '--rule', 'syntax', 'a'], /RULE=LEVEL/],
      [['check', '--rule', 'syntax=loud', 'a'], /RULE=LEVEL/],
      [['check', '--websocket-path', '(', 'a'], /regular expression/],
      [['check', '--bogus', 'a'], /unknown option --bogus/],
      [['lint', 'a'], /unknown command lint/],
    ];
    for (const [argv, re] of cases) {
      const cmd = parseArgs(argv);
      assert.equal(cmd.kind, 'usage-error', argv.join(' '));
      if (cmd.kind === 'usage-error') assert.match(cmd.message, re);
    }
    const unknownRule = parseArgs(['check', '--rule', 'nope=off', 'a'], new Set(['syntax']));
    assert.deepEqual(unknownRule, { kind: 'usage-error', message: 'unknown rule "nope" (nginx-ws rules lists them)' });
  });

  test('help, version, rules and lsp', () => {
    assert.deepEqual(parseArgs(['--help']), { kind: 'help' });
    assert.deepEqual(parseArgs(['check', '-h']), { kind: 'help' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
    assert.deepEqual(parseArgs(['rules']), { kind: 'rules' });
    assert.deepEqual(parseArgs(['lsp', '--stdio']), { kind: 'lsp', args: ['--stdio'] });
  });
});
