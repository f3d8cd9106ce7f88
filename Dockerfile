# The bot as an image: compiled once (npm run build), run with node on dist/main.js (no TypeScript
# loader in the process). The same image migrates the database (`npm run db:migrate`, a one-shot
# service in docker-compose.yml) before the replicas start.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma/schema.prisma ./prisma/schema.prisma
# The postinstall script generates the Prisma client (offline, from prisma/schema.prisma).
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 LOG_FORMAT=json
WORKDIR /app
# Sources stay beside dist/: `npm run db:migrate` and `npm run admin` run them through tsx.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same command as `npm run start:prod` (README: the young generation capped at 2 × 4 MB).
CMD ["node", "--max-semi-space-size=4", "dist/main.js"]
