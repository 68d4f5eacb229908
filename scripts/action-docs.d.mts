export function renderActionDocs(root: string): string
export function withActionDocs(readme: string, docs: string): string
