// The provisioned Samba AD DC that devenv/build-samba.sh leaves in the component cache, and its settings.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, parseEnvFile, repoRoot } from './paths.js';

/** What build-samba.sh wrote into `<template>/provision.env`. */
export interface SambaTemplate {
  /** `<cache>/samba-<Debian version>-<script hash>`. */
  root: string;
  /** The provisioned DC folder runs copy. */
  dcDir: string;
  realm: string;
  netBiosDomain: string;
  hostName: string;
  /** The address the template was provisioned and first started on (never handed to a run). */
  templateIp: string;
  adminPassword: string;
}

const BUILD_HINT =
  'run `bash devenv/build-samba.sh` as root (it installs the Debian packages and provisions the domain once)';

function installedSambaVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'samba'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).replace(/^\d+:/, '');
  } catch {
    throw new Error(`Samba is not installed: ${BUILD_HINT}`);
  }
}

/** The template folder build-samba.sh uses for the installed Samba and the current script. */
export function sambaTemplateRoot(): string {
  const script = readFileSync(join(repoRoot(), 'devenv', 'build-samba.sh'));
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 12);
  return join(cacheRoot(), `samba-${installedSambaVersion()}-${hash}`);
}

/** The provisioned template, or an error naming its path and how to build it. */
export function requireSambaTemplate(): SambaTemplate {
  const root = sambaTemplateRoot();
  if (!existsSync(join(root, 'complete')))
    throw new Error(`the Samba AD DC template is missing (no ${join(root, 'complete')}): ${BUILD_HINT}`);
  const env = parseEnvFile(readFileSync(join(root, 'provision.env'), 'utf8'));
  const pick = (key: string): string => {
    const value = env[key];
    if (!value) throw new Error(`${join(root, 'provision.env')} does not set ${key}: ${BUILD_HINT}`);
    return value;
  };
  return {
    root,
    dcDir: pick('TEMPLATE_DIR'),
    realm: pick('REALM'),
    netBiosDomain: pick('DOMAIN'),
    hostName: pick('HOST_NAME'),
    templateIp: pick('TEMPLATE_IP'),
    adminPassword: pick('ADMIN_PASSWORD'),
  };
}
