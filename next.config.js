/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The Node backend (server/) is not part of the Next.js bundle; Next only builds app/.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
