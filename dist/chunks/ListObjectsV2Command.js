import { j as command, L as ListObjectsV2$, _ as _mw0, k as _ep8 } from './s3-config.js';

class ListObjectsV2Command extends command(_ep8, _mw0, "ListObjectsV2", ListObjectsV2$) {
}

export { ListObjectsV2Command as L };
