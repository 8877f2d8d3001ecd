import { serverSentEvents } from './sse.js';

const STORE = 'persona.session';

/** An error the API answered: RFC 7807 problem+json with a stable code. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.code = problem?.code;
  }
}

export function loadSession() {
  try {
    return JSON.parse(localStorage.getItem(STORE));
  } catch {
    return null;
  }
}

function saveSession(session) {
  if (session) localStorage.setItem(STORE, JSON.stringify(session));
  else localStorage.removeItem(STORE);
}

export function logout() {
  saveSession(null);
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function tokenRequest(form) {
  const response = await fetch('/auth/token', { method: 'POST', body: new URLSearchParams(form) });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response.json();
}

export async function login(email, password) {
  const token = await tokenRequest({ grant_type: 'password', username: email, password });
  const session = { email, accessToken: token.access_token, refreshToken: token.refresh_token };
  saveSession(session);
  return session;
}

export async function signup(email, password) {
  const response = await fetch('/auth/signup', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return login(email, password);
}

/** Trades the refresh token for a new access token once; false (and logged out) when that is refused too. */
async function refresh() {
  const session = loadSession();
  if (!session?.refreshToken) return false;
  try {
    const token = await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refreshToken });
    saveSession({ ...session, accessToken: token.access_token, refreshToken: token.refresh_token || session.refreshToken });
    return true;
  } catch {
    saveSession(null);
    return false;
  }
}

/** fetch with the bearer token; a 401 refreshes the token and tries once more. */
export async function authedFetch(path, init = {}) {
  const send = () => fetch(path, {
    ...init,
    headers: { ...init.headers, Authorization: `Bearer ${loadSession()?.accessToken}` },
  });
  let response = await send();
  if (response.status === 401 && (await refresh())) response = await send();
  if (response.status === 401) window.dispatchEvent(new Event('persona-logged-out'));
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

export async function getJson(path) {
  return (await authedFetch(path)).json();
}

export async function sendJson(method, path, body) {
  const response = await authedFetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status === 204 ? null : response.json();
}

const AUDIO = /\.(wav|mp3|ogg|oga|opus|m4a|webm|flac|aac)$/i;

export function isRecording(file) {
  return file.type.startsWith('audio/') || AUDIO.test(file.name);
}

/**
 * Uploads one file as a recording or a document; onProgress gets the share of bytes sent. XMLHttpRequest because
 * fetch reports no upload progress.
 */
export function upload(personaId, file, onProgress) {
  const kind = isRecording(file) ? 'recordings' : 'documents';
  const attempt = () => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/personas/${encodeURIComponent(personaId)}/${kind}`);
    xhr.setRequestHeader('Authorization', `Bearer ${loadSession()?.accessToken}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = e => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new ApiError(0, { detail: 'The upload did not reach the server.' }));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return attempt().then(async xhr => {
    if (xhr.status === 401 && (await refresh())) xhr = await attempt();
    if (xhr.status !== 202) throw new ApiError(xhr.status, xhr.response);
    return { kind, ...xhr.response };
  });
}

/** Follows a job's server-sent events until it is ready or failed; onJob gets every state. */
export async function followJob(personaId, jobId, onJob, signal) {
  const response = await authedFetch(`/personas/${encodeURIComponent(personaId)}/jobs/${encodeURIComponent(jobId)}/events`,
    { headers: { Accept: 'text/event-stream' }, signal });
  let last = null;
  for await (const event of serverSentEvents(response, signal)) {
    last = JSON.parse(event.data);
    onJob(last);
    if (last.stage === 'ready' || last.stage === 'failed') break;
  }
  return last;
}

/** Asks the persona; onToken gets each piece of the answer as it streams, the result holds citations and session. */
export async function askStreaming(personaId, message, sessionId, onToken) {
  const response = await authedFetch(`/personas/${encodeURIComponent(personaId)}/chat/stream`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(sessionId ? { message, sessionId } : { message }),
  });
  let answer = '';
  let citations = [];
  let done = null;
  for await (const event of serverSentEvents(response)) {
    if (event.name === 'token') {
      answer += event.data;
      onToken(answer);
    } else if (event.name === 'citations') {
      citations = JSON.parse(event.data);
    } else if (event.name === 'done') {
      done = JSON.parse(event.data);
    }
  }
  return { answer: done?.answer ?? answer, citations, sessionId: done?.sessionId ?? sessionId,
    messageId: done?.messageId, audioUrl: done?.audioUrl };
}

/**
 * Asks the persona by voice: the recorded audio goes as the multipart file part 'audio'; the reply holds what was
 * heard (transcription), the answer, citations, its audioUrl and where the time went.
 */
export async function voiceChat(personaId, audio, sessionId) {
  const form = new FormData();
  const extension = audio.type.includes('ogg') ? 'ogg' : audio.type.includes('mp4') ? 'm4a' : 'webm';
  form.append('audio', audio, `question.${extension}`);
  const query = sessionId ? `?sessionId=${encodeURIComponent(sessionId)}` : '';
  const response = await authedFetch(`/personas/${encodeURIComponent(personaId)}/voice-chat${query}`,
    { method: 'POST', body: form });
  return response.json();
}

/** Any audio the API serves (an answer's audioUrl) as a blob URL; the caller revokes it when done. */
export async function audioBlobUrl(path) {
  return URL.createObjectURL(await (await authedFetch(path)).blob());
}

/**
 * A clip of a recording as a blob URL: the audio route needs the bearer header, which an audio element cannot send.
 * The caller revokes the URL when done with it.
 */
export async function clipUrl(personaId, recordingId, startSec, endSec) {
  const query = startSec == null ? '' : `?start=${startSec}&end=${endSec}`;
  const response = await authedFetch(
    `/personas/${encodeURIComponent(personaId)}/recordings/${encodeURIComponent(recordingId)}/audio${query}`);
  return URL.createObjectURL(await response.blob());
}
