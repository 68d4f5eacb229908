import { f as fromEnv } from './s3-config.js';
export { E as ENV_ACCOUNT_ID, a as ENV_CREDENTIAL_SCOPE, b as ENV_EXPIRATION, c as ENV_KEY, d as ENV_SECRET, e as ENV_SESSION } from './s3-config.js';
import './secrets.js';
import './loadSharedConfigFiles.js';
import 'node:path';
import './readFile.js';
import 'node:os';
import 'node:fs/promises';
import './configLoader.js';
import './chain.js';
import './CredentialsProviderError.js';
import './hex-encoding.js';
import 'node:stream';
import 'node:crypto';
import './EventStreamSerdeConfig.js';
import 'node:zlib';
import './node-http-handler.js';
import 'node:https';
import './setCredentialFeature.js';
import 'node:fs';
import 'node:process';



export { fromEnv };
