import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, isAbort } from '../../api';
import '../../components/intel/connect.css';
import '../../components/intel/intel.css';
import { IntelNav } from '../../components/intel/IntelNav';
import { ErrorMessage, Loading } from '../../components/Status';
import '../../components/telescope/telescope.css';
import { useLang } from '../../hooks/useLang';

const TAXII_ACCEPT = 'application/taxii+json;version=2.1';
/** The blocklist's kinds, in the hub's order (so a URL reads the same whoever builds it). */
const KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
type Kind = (typeof KINDS)[number];
/** How long a copy button says "Copied". */
const COPIED_MS = 4000;

interface TaxiiCollection {
  id: string;
  title: string;
  description?: string;
  can_read: boolean;
  can_write: boolean;
}

interface TaxiiRoot {
  /** The root's name in its URL: `api` for the community root, else an organisation's slug. */
  name: string;
  url: string;
  collections: TaxiiCollection[];
}

/** A TAXII GET with the console session; a TAXII error message becomes an ApiError for ErrorMessage. */
async function taxiiGet<T>(url: string, signal: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: TAXII_ACCEPT }, credentials: 'same-origin', signal });
  } catch (cause) {
    if (isAbort(cause)) throw cause;
    throw new ApiError(0, 'NETWORK', 'the hub could not be reached');
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => undefined)) as
      { description?: string; error_code?: string } | undefined;
    throw new ApiError(
      response.status,
      problem?.error_code ?? `HTTP_${response.status}`,
      problem?.description ?? response.statusText,
    );
  }
  return (await response.json()) as T;
}

/** Discovery, then every listed API root's collections, as the signed-in user sees them. */
function useTaxiiRoots() {
  const [state, setState] = useState<{ roots?: TaxiiRoot[]; error?: ApiError }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const load = async (): Promise<TaxiiRoot[]> => {
      const discovery = await taxiiGet<{ api_roots?: string[] }>('/taxii2/', controller.signal);
      return Promise.all(
        (discovery.api_roots ?? []).map(async (root) => {
          const url = new URL(root, window.location.origin);
          const { collections } = await taxiiGet<{ collections?: TaxiiCollection[] }>(
            `${url.pathname}collections/`,
            controller.signal,
          );
          const name = url.pathname.replace(/^\/taxii2\//, '').replace(/\/$/, '');
          return { name, url: url.href, collections: collections ?? [] };
        }),
      );
    };
    setState({});
    load().then(
      (roots) => setState({ roots }),
      (caught: unknown) => {
        if (isAbort(caught)) return;
        setState({ error: caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)) });
      },
    );
    return () => controller.abort();
  }, [generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

/** A value to paste elsewhere, with a copy button whose result is announced. */
function CopyText({
  label,
  value,
  testId,
  block = false,
}: {
  label: string;
  value: string;
  testId: string;
  block?: boolean;
}) {
  const { t } = useLang();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => setCopied(null), [value]);
  useEffect(() => {
    if (copied !== 'yes') return;
    const timer = window.setTimeout(() => setCopied(null), COPIED_MS);
    return () => window.clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <div className={block ? 'connect-copy connect-copy-block' : 'connect-copy'}>
      {block ? (
        <pre className="connect-code" data-testid={testId}>
          {value}
        </pre>
      ) : (
        <code className="connect-value" data-testid={testId}>
          {value}
        </code>
      )}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void copy()}
        aria-label={t('intelConnect.copyLabel', { label })}
        data-testid={`${testId}-copy`}
      >
        {t('intelConnect.copy')}
      </button>
      <span className="connect-copy-status" role="status" aria-live="polite" data-testid={`${testId}-status`}>
        {copied === 'yes' ? t('intelConnect.copied') : copied === 'no' ? t('intelConnect.copyFailed') : ''}
      </span>
    </div>
  );
}

function TaxiiSection({ origin }: { origin: string }) {
  const { t } = useLang();
  const taxii = useTaxiiRoots();
  const yesNo = (value: boolean) => (value ? t('intelConnect.yes') : t('intelConnect.no'));
  return (
    <section className="panel" aria-labelledby="connect-taxii" data-testid="connect-taxii">
      <h2 id="connect-taxii" className="section-heading connect-heading">
        {t('intelConnect.taxii.heading')}
      </h2>
      <p>{t('intelConnect.taxii.intro')}</p>
      <div className="field">
        <span className="field-label">{t('intelConnect.taxii.discovery')}</span>
        <CopyText
          label={t('intelConnect.taxii.discovery')}
          value={`${origin}/taxii2/`}
          testId="connect-discovery-url"
        />
      </div>
      <p className="connect-note">{t('intelConnect.taxii.scopes')}</p>
      <h3 className="connect-subheading">{t('intelConnect.taxii.roots')}</h3>
      <ErrorMessage error={taxii.error} onRetry={taxii.reload} />
      {!taxii.roots && !taxii.error && <Loading label={t('intelConnect.taxii.loading')} />}
      {taxii.roots?.map((root) => (
        <div key={root.url} className="connect-root" data-testid={`connect-root-${root.name}`}>
          <h4 className="connect-root-title">
            {root.name === 'api'
              ? t('intelConnect.taxii.communityRoot')
              : t('intelConnect.taxii.orgRoot', { slug: root.name })}
          </h4>
          <CopyText label={t('intelConnect.taxii.rootUrl')} value={root.url} testId={`connect-root-url-${root.name}`} />
          {root.collections.length === 0 ? (
            <p className="muted">{t('intelConnect.taxii.noCollections')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('intelConnect.taxii.collection')}</th>
                    <th scope="col">{t('intelConnect.taxii.id')}</th>
                    <th scope="col">{t('intelConnect.taxii.read')}</th>
                    <th scope="col">{t('intelConnect.taxii.write')}</th>
                    <th scope="col">{t('intelConnect.taxii.objectsUrl')}</th>
                  </tr>
                </thead>
                <tbody>
                  {root.collections.map((collection) => (
                    <tr key={collection.id} data-testid={`connect-collection-${collection.id}`}>
                      <td>
                        <div className="strong" data-testid="connect-collection-title">
                          {collection.title}
                        </div>
                        {collection.description && <div className="small muted">{collection.description}</div>}
                      </td>
                      <td className="mono small intel-break" data-testid="connect-collection-id">
                        {collection.id}
                      </td>
                      <td data-testid="connect-collection-read">{yesNo(collection.can_read)}</td>
                      <td data-testid="connect-collection-write">{yesNo(collection.can_write)}</td>
                      <td>
                        <CopyText
                          label={t('intelConnect.taxii.objectsUrlOf', { title: collection.title })}
                          value={`${root.url}collections/${collection.id}/objects/`}
                          testId={`connect-objects-url-${collection.id}`}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ))}
    </section>
  );
}

function CredentialsSection({ origin }: { origin: string }) {
  const { t } = useLang();
  return (
    <section className="panel" aria-labelledby="connect-credentials" data-testid="connect-credentials">
      <h2 id="connect-credentials" className="section-heading connect-heading">
        {t('intelConnect.credentials.heading')}
      </h2>
      <p>{t('intelConnect.credentials.text')}</p>
      <p>
        {t('intelConnect.credentials.tokenKinds')}{' '}
        <Link to="/tokens" data-testid="connect-tokens-link">
          {t('intelConnect.credentials.tokens')}
        </Link>
      </p>
      <p className="muted">{t('intelConnect.credentials.never')}</p>
      <div className="field">
        <span className="field-label">{t('intelConnect.credentials.basicExample')}</span>
        <CopyText
          block
          label={t('intelConnect.credentials.basicExample')}
          value={`curl -u "taxii:$CYNEX_TOKEN" -H 'Accept: ${TAXII_ACCEPT}' '${origin}/taxii2/'`}
          testId="connect-basic-curl"
        />
      </div>
    </section>
  );
}

function MispSection({ origin }: { origin: string }) {
  const { t } = useLang();
  const header = `Authorization: Bearer ${t('intelConnect.misp.tokenPlaceholder')}`;
  return (
    <section className="panel" aria-labelledby="connect-misp" data-testid="connect-misp">
      <h2 id="connect-misp" className="section-heading connect-heading">
        {t('intelConnect.misp.heading')}
      </h2>
      <p>{t('intelConnect.misp.intro')}</p>
      <div className="field">
        <span className="field-label">{t('intelConnect.misp.url')}</span>
        <CopyText label={t('intelConnect.misp.url')} value={`${origin}/api/v1/feeds/misp/`} testId="connect-misp-url" />
      </div>
      <h3 className="connect-subheading">{t('intelConnect.misp.steps')}</h3>
      <ol className="connect-steps">
        <li>{t('intelConnect.misp.step1')}</li>
        <li>{t('intelConnect.misp.step2')}</li>
        <li>{t('intelConnect.misp.step3')}</li>
        <li>
          {t('intelConnect.misp.step4')}
          <CopyText label={t('intelConnect.misp.header')} value={header} testId="connect-misp-header" />
        </li>
        <li>{t('intelConnect.misp.step5')}</li>
      </ol>
      <p className="muted">{t('intelConnect.misp.public')}</p>
    </section>
  );
}

/** The blocklist URL for a format, kinds (none: every kind) and an optional start date (UTC midnight). */
function blocklistUrl(origin: string, format: 'txt' | 'csv', kinds: readonly Kind[], since: string): string {
  const query: string[] = [];
  if (kinds.length > 0) query.push(`kind=${KINDS.filter((kind) => kinds.includes(kind)).join(',')}`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(since)) query.push(`since=${since}T00:00:00Z`);
  return `${origin}/api/v1/feeds/blocklist.${format}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

function BlocklistSection({ origin }: { origin: string }) {
  const { t } = useLang();
  const [format, setFormat] = useState<'txt' | 'csv'>('txt');
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [since, setSince] = useState('');
  const url = blocklistUrl(origin, format, kinds, since);
  const toggle = (kind: Kind, on: boolean) =>
    setKinds((previous) => (on ? [...previous, kind] : previous.filter((k) => k !== kind)));
  return (
    <section className="panel" aria-labelledby="connect-blocklist" data-testid="connect-blocklist">
      <h2 id="connect-blocklist" className="section-heading connect-heading">
        {t('intelConnect.blocklist.heading')}
      </h2>
      <p>{t('intelConnect.blocklist.intro')}</p>
      <form className="form connect-form" onSubmit={(event) => event.preventDefault()}>
        <fieldset className="fieldset">
          <legend>{t('intelConnect.blocklist.format')}</legend>
          <div className="check-group check-group-inline">
            {(['txt', 'csv'] as const).map((value) => (
              <label key={value} className="check">
                <input
                  type="radio"
                  name="connect-format"
                  value={value}
                  checked={format === value}
                  onChange={() => setFormat(value)}
                  data-testid={`connect-format-${value}`}
                />
                {t(`intelConnect.blocklist.${value}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('intelConnect.blocklist.kinds')}</legend>
          <div className="check-group check-group-inline">
            {KINDS.map((kind) => (
              <label key={kind} className="check">
                <input
                  type="checkbox"
                  checked={kinds.includes(kind)}
                  onChange={(event) => toggle(kind, event.target.checked)}
                  data-testid={`connect-kind-${kind}`}
                />
                {t(`intelConnect.blocklist.kind.${kind}`)}
              </label>
            ))}
          </div>
          <p className="field-help">{t('intelConnect.blocklist.kindsHelp')}</p>
        </fieldset>
        <label className="field connect-since">
          <span className="field-label">{t('intelConnect.blocklist.since')}</span>
          <input
            type="date"
            value={since}
            onChange={(event) => setSince(event.target.value)}
            data-testid="connect-since"
          />
        </label>
      </form>
      <div className="field">
        <span className="field-label">{t('intelConnect.blocklist.url')}</span>
        <CopyText label={t('intelConnect.blocklist.url')} value={url} testId="connect-blocklist-url" />
      </div>
      <div className="toolbar connect-open">
        <a className="btn" href={url} download={`cynex-blocklist.${format}`} data-testid="connect-blocklist-open">
          {t('intelConnect.blocklist.open')}
        </a>
        <span className="field-help">{t('intelConnect.blocklist.openHelp')}</span>
      </div>
      <div className="field">
        <span className="field-label">{t('intelConnect.blocklist.curl')}</span>
        <CopyText
          block
          label={t('intelConnect.blocklist.curl')}
          value={`curl -H "Authorization: Bearer $CYNEX_TOKEN" '${url}'`}
          testId="connect-blocklist-curl"
        />
      </div>
    </section>
  );
}

function StreamSection({ origin }: { origin: string }) {
  const { t } = useLang();
  const url = `${origin}/api/v1/intel/stream`;
  return (
    <section className="panel" aria-labelledby="connect-stream" data-testid="connect-stream">
      <h2 id="connect-stream" className="section-heading connect-heading">
        {t('intelConnect.stream.heading')}
      </h2>
      <p>{t('intelConnect.stream.intro')}</p>
      <div className="field">
        <span className="field-label">{t('intelConnect.stream.url')}</span>
        <CopyText label={t('intelConnect.stream.url')} value={url} testId="connect-stream-url" />
      </div>
      <ul className="connect-steps">
        <li>
          <code>Last-Event-ID</code> / <code>?since=&lt;id&gt;</code> — {t('intelConnect.stream.resume')}
        </li>
        <li>
          <code>?types=indicator,sighting</code> — {t('intelConnect.stream.types')}
        </li>
        <li>
          <code>?follow=false</code> — {t('intelConnect.stream.follow')}
        </li>
      </ul>
      <div className="field">
        <span className="field-label">{t('intelConnect.stream.curl')}</span>
        <CopyText
          block
          label={t('intelConnect.stream.curl')}
          value={`curl -N -H "Authorization: Bearer $CYNEX_TOKEN" '${url}?types=indicator,sighting'`}
          testId="connect-stream-curl"
        />
      </div>
    </section>
  );
}

/**
 * What a member pastes into MISP or a threat-intelligence platform: the TAXII 2.1 roots and collections the hub
 * offers this user (asked live, with the console session), how clients authenticate, the MISP feed, a blocklist
 * URL builder and the event stream. No token is ever shown here; the tokens page makes them.
 */
export default function IntelConnectPage() {
  const { t } = useLang();
  const origin = window.location.origin;
  return (
    <section className="page" data-testid="intel-connect">
      <div className="page-header">
        <h1 data-testid="intel-connect-title">{t('intelConnect.title')}</h1>
        <IntelNav />
      </div>
      <p className="page-intro">{t('intelConnect.intro')}</p>
      <TaxiiSection origin={origin} />
      <CredentialsSection origin={origin} />
      <MispSection origin={origin} />
      <BlocklistSection origin={origin} />
      <StreamSection origin={origin} />
    </section>
  );
}
