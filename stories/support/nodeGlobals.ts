// msw's sse() needs a global EventSource, which Node 20 lacks; imported before any handler is built.
import { EventSource } from 'eventsource'

Object.assign(globalThis, { EventSource })
