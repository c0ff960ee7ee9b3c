// @vitest-environment node
// Where the resume point travels: a cross-origin request without the app's own headers stays a simple
// CORS request (no preflight), so the id goes in the `lastEventId` query parameter instead of a header.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { streamRequest, withResumeParameter } from '../../src/live/internal/streamRequest'
import { closeStreams, connectToFakeEndpoint, hello, seededClient, sse, tick } from './helpers'

afterEach(() => {
  closeStreams()
  vi.unstubAllGlobals()
})

const onPage = (href: string) => vi.stubGlobal('location', { href, origin: new URL(href).origin })
const none = new Headers()

describe('a page on another origin than the stream', () => {
  it('sends the id as ?lastEventId= and no Last-Event-ID header when the app sets no headers', () => {
    onPage('http://localhost:5173/app')
    const request = streamRequest('http://127.0.0.1:8080/events', none, 'k1.41')
    expect(request.url).toBe('http://127.0.0.1:8080/events?lastEventId=k1.41')
    expect(request.headers.get('Last-Event-ID')).toBeNull()
  })

  it('sends only safelisted headers when the app sets none', () => {
    onPage('http://localhost:5173/app')
    const request = streamRequest('http://127.0.0.1:8080/events', none, 'k1.41')
    expect([...request.headers.keys()]).toEqual(['accept'])
    expect(request.headers.get('Accept')).toBe('text/event-stream')
  })

  it('sends the id as Last-Event-ID when the app sets headers (a preflight happens anyway)', () => {
    onPage('http://localhost:5173/app')
    const request = streamRequest('http://127.0.0.1:8080/events', new Headers({ Authorization: 'Bearer t' }), 'k1.41')
    expect(request.url).toBe('http://127.0.0.1:8080/events')
    expect(request.headers.get('Last-Event-ID')).toBe('k1.41')
    expect(request.headers.get('Authorization')).toBe('Bearer t')
  })

  it('asks for the stream with no id when there is none to resume from', () => {
    onPage('http://localhost:5173/app')
    const request = streamRequest('http://127.0.0.1:8080/events', none, undefined)
    expect(request.url).toBe('http://127.0.0.1:8080/events')
    expect(request.headers.get('Last-Event-ID')).toBeNull()
  })
})

describe('a page on the same origin', () => {
  it('sends the id both ways (a hub reading only the header still resumes)', () => {
    onPage('http://127.0.0.1:8080/app')
    const request = streamRequest('/events', none, 'k1.41')
    expect(request.url).toBe('/events?lastEventId=k1.41')
    expect(request.headers.get('Last-Event-ID')).toBe('k1.41')
  })
})

describe('the query parameter', () => {
  it.each([
    ['/events', '/events?lastEventId=7'],
    ['/events?scope=o1', '/events?scope=o1&lastEventId=7'],
    ['/events?', '/events?lastEventId=7'],
    ['/events?a=1&', '/events?a=1&lastEventId=7'],
    ['https://hub.example/events#frag', 'https://hub.example/events?lastEventId=7'],
    ['/events?lastEventId=stale&scope=o1', '/events?scope=o1&lastEventId=7'],
    ['/events?q=a%20b+c&x', '/events?q=a%20b+c&x&lastEventId=7'],
  ])('is appended to %s', (url, expected) => {
    expect(withResumeParameter(url, '7')).toBe(expected)
  })

  it('is percent-encoded', () => {
    expect(withResumeParameter('/e', 'a&b=c d/é')).toBe('/e?lastEventId=a%26b%3Dc%20d%2F%C3%A9')
  })
})

it('resumes a cross-origin stream after a drop through the query parameter', async () => {
  onPage('http://localhost:5173/')
  const { endpoint } = connectToFakeEndpoint(seededClient([]), { retry: { minDelayMs: 0 } })
  const first = await endpoint.connection(1)
  expect(first.url).toBe('http://test/stream')
  first.push(hello() + sse('invalidate', { v: 1, tags: ['t'] }, 'evt-9'))
  await tick()
  first.end()
  const second = await endpoint.connection(2)
  expect(second.url).toBe('http://test/stream?lastEventId=evt-9')
  expect(second.headers.get('Last-Event-ID')).toBeNull()
})

it('keeps a request simple when the headers function returns no headers (as the hook always passes one)', async () => {
  onPage('http://localhost:5173/')
  const { endpoint } = connectToFakeEndpoint(seededClient([]), { headers: async () => ({}), retry: { minDelayMs: 0 } })
  const first = await endpoint.connection(1)
  first.push(hello() + sse('reset', { v: 1 }, 'evt-3'))
  await tick()
  first.end()
  const second = await endpoint.connection(2)
  expect(second.url).toBe('http://test/stream?lastEventId=evt-3')
  expect([...second.headers.keys()]).toEqual(['accept'])
})
