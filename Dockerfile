# One image for every Slipway process; docker-compose.yml picks the process with `command:`.
#
#   docker build -t slipway .               # target `runtime` (the last stage, so the default)
#   docker build --target web -t slipway-web .   # nginx serving the built web console
#
# Only classic Dockerfile syntax is used (no BuildKit-only features), so the legacy builder that
# Debian's docker-compose 1.29 may call builds it too.

##### build: install every workspace and build them all #####
FROM node:20-bookworm-slim AS build

# The lockfile and the root `allowScripts` policy belong to npm 11; node:20 ships npm 10, which
# ignores that policy and would run every install script.
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-audit --no-fund "npm@${NPM_VERSION}"

ENV NX_DAEMON=false \
    NX_NO_CLOUD=true

WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm run build

##### prod-deps: the built tree without devDependencies #####
FROM build AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

##### web: the built console behind nginx; API paths are proxied to the gateway #####
FROM nginx:1.27-alpine AS web
# Docker's embedded DNS resolves `gateway` per request, so nginx starts before the gateway does
# and follows it across restarts and replicas. The proxy headers live at server level because a
# location that sets any proxy_set_header inherits none. Unknown paths fall back to index.html
# (client routing); hashed assets are cached for a year.
RUN printf '%s\n' \
    'map $http_upgrade $connection_upgrade {' \
    '    default upgrade;' \
    '    "" close;' \
    '}' \
    'server {' \
    '    listen 80;' \
    '    server_name _;' \
    '    root /usr/share/nginx/html;' \
    '    resolver 127.0.0.11 valid=10s ipv6=off;' \
    '    set $gateway http://gateway:4000;' \
    '    proxy_http_version 1.1;' \
    '    proxy_set_header Host $http_host;' \
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;' \
    '    proxy_set_header X-Forwarded-Proto $scheme;' \
    '    proxy_set_header X-Forwarded-Host $http_host;' \
    '    proxy_set_header Upgrade $http_upgrade;' \
    '    proxy_set_header Connection $connection_upgrade;' \
    '    location /graphql {' \
    '        proxy_read_timeout 1h;' \
    '        proxy_pass $gateway;' \
    '    }' \
    '    location /auth/ {' \
    '        proxy_pass $gateway;' \
    '    }' \
    '    location /slack/ {' \
    '        proxy_pass $gateway;' \
    '    }' \
    '    location /assets/ {' \
    '        add_header Cache-Control "public, max-age=31536000, immutable";' \
    '        try_files $uri =404;' \
    '    }' \
    '    location / {' \
    '        add_header Cache-Control "no-cache";' \
    '        try_files $uri $uri/ /index.html;' \
    '    }' \
    '}' \
    > /etc/nginx/conf.d/default.conf
COPY --from=build /app/web/dist /usr/share/nginx/html

##### runtime: runner, audit, vcs, notifications and gateway #####
FROM node:20-bookworm-slim AS runtime

# git and bash: the runner and vcs run git and shell steps. openssh-client and ca-certificates:
# git over ssh and https. tini: PID 1 that forwards SIGTERM, so workers drain before they stop.
RUN apt-get update \
    && apt-get install -y --no-install-recommends bash ca-certificates git openssh-client tini \
    && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    SLIPWAY_HOME=/var/lib/slipway

WORKDIR /app
COPY --from=prod-deps /app /app

# A named volume mounted here starts with this owner, so the unprivileged user can write it.
RUN mkdir -p /var/lib/slipway && chown node:node /var/lib/slipway

USER node
EXPOSE 4000 9000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "gateway/dist/main.js"]
