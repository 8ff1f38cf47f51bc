import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { rules } from '../../../server/src/rules';
import { KEYS, overlaySettings, parseProjectConfig } from '../../../server/src/service/projectConfig';
import { projectSchema } from '../../../server/src/service/projectSchema';
import { repoRoot } from '../../support/paths';

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
    jsonValidation?: { fileMatch: string; url: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const schemaPath = path.join(repoRoot, 'schemas', 'nginx-ws.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as { properties: Record<string, unknown> };
const knownRules = new Set(rules.map((r) => r.id));

function validator(): (v: unknown) => boolean {
  const ajv = new Ajv({ allErrors: true });
  ajv.addKeyword('markdownDescription');
  ajv.addFormat('regex', (s: string) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  });
  const validate = ajv.compile(schema);
  return (v) => validate(v) === true;
}

describe('.nginx-ws.json and its schema', () => {
  test('VS Code validates .nginx-ws.json with the schema, which is what the generator writes', () => {
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.nginx-ws.json', url: './schemas/nginx-ws.schema.json' }]);
    const expected = `${JSON.stringify(projectSchema(rules, manifest.contributes.configuration.properties), null, 2)}\n`;
    assert.equal(fs.readFileSync(schemaPath, 'utf8'), expected, 'out of date: run node scripts/gen-project-schema.mjs');
  });

  test("the keys are the settings' names, and every rule id completes under rules", () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', ...KEYS].sort());
    for (const key of KEYS.filter((k) => k !== 'main')) assert.ok(manifest.contributes.configuration.properties[`nginxWs.${key}`], key);
    const ruleProps = (schema.properties.rules as { properties: Record<string, unknown> }).properties;
    assert.deepEqual(Object.keys(ruleProps).sort(), [...knownRules].sort());
  });

  test('the schema and the reader agree on what is valid', () => {
    const valid = validator();
    const samples: unknown[] = [
      {},
      { $schema: './schemas/nginx-ws.schema.json' },
      { nginxVersion: '1.24.0', heartbeatInterval: 25, websocketPaths: ['^/live/'], rules: { 'ws-read-timeout': 'off' }, prefix: 'etc', main: 'etc/nginx.conf' },
      { nginxVersion: '1.25', main: ['a.conf', 'b.conf'] },
      { nginxVersion: 'auto' },
      { nginxVersion: 1.24 },
      { heartbeatInterval: 0 },
      { heartbeatInterval: '30' },
      { websocketPaths: '^/ws/' },
      { websocketPaths: ['('] },
      { rules: { 'ws-read-timeout': 'warn' } },
      { rules: { 'no-such-rule': 'off' } },
      { rules: [] },
      { prefix: '' },
      { main: [] },
      { main: ['a.conf', 3] },
      { heartbeat: 30 },
      { templates: ['deploy/*.conf', '*.tpl'] },
      { templates: 'deploy/*.conf' },
      { templates: [''] },
      [],
      'x',
    ];
    for (const sample of samples) {
      const r = parseProjectConfig(JSON.stringify(sample), '/p/.nginx-ws.json', knownRules);
      assert.equal(r.error === undefined, valid(sample), `${JSON.stringify(sample)}: reader says ${r.error?.reason ?? 'valid'}`);
    }
  });

  test('templates: a glob with a folder is relative to the file, a bare name matches anywhere', () => {
    const r = parseProjectConfig('{ "templates": ["deploy/*.conf", "*.tpl"] }', '/p/q/.nginx-ws.json');
    assert.deepEqual(r.config?.settings, { templates: ['/p/q/deploy/*.conf', '*.tpl'] });
  });

  test('paths are relative to the file; a byte order mark is allowed', () => {
    const r = parseProjectConfig('\uFEFF{ "prefix": "../etc", "main": ["nginx.conf", "/srv/edge.conf"] }', '/p/q/.nginx-ws.json');
    assert.deepEqual(r.config, { path: '/p/q/.nginx-ws.json', settings: { prefix: '/p/etc' }, mains: ['/p/q/nginx.conf', '/srv/edge.conf'] });
  });

  test('an overlay replaces what it sets (an empty string sets nothing) and merges rules per id', () => {
    const base = { nginxVersion: '1.29.7', heartbeatInterval: 5, rules: { a: 'off', b: 'error' } };
    assert.deepEqual(overlaySettings(base, { heartbeatInterval: 30, nginxVersion: '', rules: { b: 'hint' } }), {
      nginxVersion: '1.29.7',
      heartbeatInterval: 30,
      rules: { a: 'off', b: 'hint' },
    });
  });
});
