// leerpad service worker: keeps the whole site in one cache per build, so it works offline.
//
// src/offline.rs puts two lines above this code: VERSION (a hash of every file of the build) and
// FILES (the output files to fetch ahead, relative to this script: all of them, or for a large
// site the assets and the main pages, within src/offline.rs's PRECACHE_BYTES). Install caches
// them, unless site.js registered the worker as `sw.js?ahead=0` (the phone saves data or has a
// slow line): then nothing is fetched ahead. Either way the page posts the URLs it has opened
// (the page and its files), which are cached from the browser's cache; activate deletes the
// caches of older builds of this site; fetch answers from the cache first and keeps what it had
// to fetch, so what was opened works offline.
'use strict';

const SCOPE = self.registration.scope;
const PREFIX = 'leerpad:' + SCOPE + ':';
const CACHE = PREFIX + VERSION;
const AHEAD = new URL(self.location.href).searchParams.get('ahead') !== '0';
// URLs a page may post: its own and its files (a page has a few dozen).
const MAX_OPENED = 200;

self.addEventListener('install', (event) => {
  const files = AHEAD ? FILES : [];
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(files.map((file) => new URL(file, SCOPE).href)))
      .then(() => self.skipWaiting()),
  );
});

// { opened: [url, …] } from site.js: what this page loaded before the worker was there.
self.addEventListener('message', (event) => {
  const urls = event.data && Array.isArray(event.data.opened) ? event.data.opened.slice(0, MAX_OPENED) : [];
  const ours = urls.filter((url) => typeof url === 'string' && url.startsWith(SCOPE) && !url.includes('/sw.js'));
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(ours.map((url) => cache.match(cacheKey(url)).then((hit) => {
      if (hit) return null;
      // From the browser's cache when it has the file: no second download.
      return fetch(url, { cache: 'force-cache' }).then((response) => {
        if (response.ok && response.type === 'basic') return cache.put(cacheKey(url), response);
        return null;
      }).catch(() => null);
    })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      ))
      .then(() => self.clients.claim()),
  );
});

// A folder URL is the index.html inside it; the query string never selects another file.
function cacheKey(url) {
  const key = new URL(url);
  key.search = '';
  key.hash = '';
  if (key.pathname.endsWith('/')) key.pathname += 'index.html';
  return key.href;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(cacheKey(request.url)).then((hit) => {
      if (hit) return hit;
      return fetch(request).then((response) => {
        if (response.ok && response.type === 'basic') cache.put(cacheKey(request.url), response.clone());
        return response;
      }).catch((error) => {
        if (request.mode !== 'navigate') throw error;
        return cache.match(new URL('404.html', SCOPE).href).then((page) => page || Promise.reject(error));
      });
    })),
  );
});
