# One image for every Cordon service; the Deployment's args name the entry (services/<name>/src/main.ts).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY proto ./proto
RUN npm ci --no-audit --no-fund && npm cache clean --force
USER 10001
ENTRYPOINT ["node", "--import", "tsx"]
