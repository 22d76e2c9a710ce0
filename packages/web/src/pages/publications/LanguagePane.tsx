import { useEffect, useRef, useState } from 'react';
import { ApiError, api, isAbort } from '../../api';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../components/Status';
import { useLang } from '../../hooks/useLang';
import type { Scope, Tlp } from '../../types';
import { EmbedPicker } from './EmbedPicker';
import { LIMITS, utf8Bytes, type EmbedProblem, type Lang } from './types';

export interface PaneValue {
  title: string;
  summary: string;
  body: string;
}

export interface PreviewAudience {
  ownerOrgId: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string;
}

const PREVIEW_DELAY_MS = 600;

/** The hub's rendering of a body with live data, fetched a moment after the typing stops. */
function usePreview(body: string, lang: Lang, audience: PreviewAudience) {
  const [state, setState] = useState<{ html: string; problems: EmbedProblem[] }>({ html: '', problems: [] });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const { ownerOrgId, scope, marking, sharingGroupId } = audience;
  useEffect(() => {
    if (body.trim() === '' || utf8Bytes(body) > LIMITS.bodyBytes) {
      setState({ html: '', problems: [] });
      return;
    }
    const controller = new AbortController();
    setPending(true);
    const timer = setTimeout(() => {
      api
        .post<{ html: string; problems: EmbedProblem[] }>(
          '/publications/preview',
          {
            body,
            lang,
            scope,
            marking,
            ...(ownerOrgId ? { ownerOrgId } : {}),
            ...(scope === 'sharing_group' && sharingGroupId ? { sharingGroupId } : {}),
          },
          { signal: controller.signal },
        )
        .then((result) => {
          setState(result);
          setError(undefined);
          setPending(false);
        })
        .catch((caught: unknown) => {
          if (isAbort(caught)) return;
          setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
          setPending(false);
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body, lang, ownerOrgId, scope, marking, sharingGroupId]);
  return { ...state, error, pending };
}

/** One language of the editor: title, summary, Markdown body with the embed picker, and the live preview. */
export function LanguagePane({
  lang,
  value,
  onChange,
  audience,
  readOnly,
  active,
  errors,
}: {
  lang: Lang;
  value: PaneValue;
  onChange: (next: PaneValue) => void;
  audience: PreviewAudience;
  readOnly: boolean;
  active: boolean;
  errors: (path: string) => string | undefined;
}) {
  const { t } = useLang();
  const suffix = lang === 'ja' ? 'Ja' : 'En';
  const body = useRef<HTMLTextAreaElement>(null);
  const preview = usePreview(value.body, lang, audience);
  const bytes = utf8Bytes(value.body);

  const insert = (text: string, block: boolean) => {
    const area = body.current;
    const at = area ? area.selectionStart : value.body.length;
    const before = value.body.slice(0, at);
    const after = value.body.slice(at);
    const piece = block ? `${before === '' || before.endsWith('\n') ? '' : '\n'}${text}\n` : text;
    onChange({ ...value, body: `${before}${piece}${after}` });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + piece.length, at + piece.length);
    });
  };

  return (
    <section
      className="pub-pane"
      id={`pub-pane-${lang}`}
      role="tabpanel"
      aria-labelledby={`pub-tab-${lang}`}
      data-active={String(active)}
      lang={lang}
      data-testid={`publication-pane-${lang}`}
    >
      <h2>{t(`publications.lang.${lang}`)}</h2>
      <Field label={t('publications.field.title')} error={errors(`title${suffix}`)}>
        <input
          value={value.title}
          maxLength={LIMITS.titleChars}
          readOnly={readOnly}
          onChange={(event) => onChange({ ...value, title: event.target.value })}
          data-testid={`publication-title-${lang}`}
        />
      </Field>
      <Field label={t('publications.field.summary')} error={errors(`summary${suffix}`)}>
        <textarea
          rows={2}
          value={value.summary}
          maxLength={LIMITS.summaryChars}
          readOnly={readOnly}
          onChange={(event) => onChange({ ...value, summary: event.target.value })}
        />
      </Field>
      {!readOnly && <EmbedPicker onInsert={insert} testId={`publication-embed-${lang}`} />}
      <Field
        label={t('publications.field.body')}
        error={errors(`body${suffix}`) ?? (bytes > LIMITS.bodyBytes ? t('publications.bodyTooLarge') : undefined)}
        help={t('publications.bodyHelp', {
          kb: Math.ceil(bytes / 1024),
          max: LIMITS.bodyBytes / 1024,
          example: '{{chart:case-levels}}',
        })}
      >
        <textarea
          ref={body}
          className="pub-body"
          value={value.body}
          readOnly={readOnly}
          onChange={(event) => onChange({ ...value, body: event.target.value })}
          data-testid={`publication-body-${lang}`}
        />
      </Field>
      <h3>
        {t('publications.preview')}{' '}
        {preview.pending && <span className="muted">{t('publications.previewUpdating')}</span>}
      </h3>
      <ErrorMessage error={preview.error} />
      {preview.problems.length > 0 && (
        <ul className="pub-problems" data-testid={`publication-problems-${lang}`}>
          {preview.problems.map((p, i) => (
            <li key={i}>
              <strong>{t(`publications.problem.${p.code}`)}</strong> <code>{p.directive}</code> {p.message}
            </li>
          ))}
        </ul>
      )}
      <div
        className="pub-preview markdown"
        data-testid={`publication-preview-${lang}`}
        // The hub's rendering: Markdown without raw HTML, every data value escaped, charts as static SVG.
        dangerouslySetInnerHTML={{ __html: preview.html }}
      />
    </section>
  );
}
