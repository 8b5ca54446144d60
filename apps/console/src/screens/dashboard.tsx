import { Flex, Heading, Text } from '@radix-ui/themes';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Api, query } from '../api';
import { ErrorCallout } from './review-queue';

interface Dashboard {
  from: string;
  to: string;
  reviews: { approved: number; edited_and_approved: number; rejected: number; edit_rate: number | null };
  rejections_by_reason: { reason: string; count: number }[];
  deliveries_by_channel: { channel: string; outcome: string; count: number }[];
  by_day: { date: string; approved: number; edited_and_approved: number; rejected: number; delivered: number; failed: number }[];
  truncated: boolean;
}

/** The team's approvals, edits, rejections and delivery outcomes over the last days (GET /api/v1/dashboard). */
export function DashboardScreen({ api }: { api: Api }) {
  const [days, setDays] = useState('14');
  const dashboard = useQuery({
    queryKey: ['dashboard', days],
    queryFn: () => api<Dashboard>('GET', `/api/v1/dashboard${query({ days })}`),
    refetchInterval: 10_000,
  });
  const data = dashboard.data;
  return (
    <Flex direction="column" gap="3">
      <Flex justify="between" align="end" wrap="wrap" gap="2">
        <Heading as="h2" size="4">
          Dashboard
        </Heading>
        <label className="field">
          <Text size="2">Period</Text>
          <select className="native-select" value={days} onChange={(event) => setDays(event.target.value)}>
            <option value="7">last 7 days</option>
            <option value="14">last 14 days</option>
            <option value="30">last 30 days</option>
            <option value="90">last 90 days</option>
          </select>
        </label>
      </Flex>
      {dashboard.error && <ErrorCallout error={dashboard.error} />}
      {data && (
        <>
          <dl className="stat-grid" aria-label="Review counts">
            <div>
              <dt>Approved as drafted</dt>
              <dd data-testid="count-approved">{data.reviews.approved}</dd>
            </div>
            <div>
              <dt>Edited and approved</dt>
              <dd data-testid="count-edited">{data.reviews.edited_and_approved}</dd>
            </div>
            <div>
              <dt>Rejected</dt>
              <dd data-testid="count-rejected">{data.reviews.rejected}</dd>
            </div>
            <div>
              <dt>Edit rate</dt>
              <dd data-testid="edit-rate">{data.reviews.edit_rate === null ? '–' : `${Math.round(data.reviews.edit_rate * 100)}%`}</dd>
            </div>
          </dl>
          <section aria-label="Decisions per day">
            <Heading as="h3" size="3" mb="2">
              Decisions and deliveries per day
            </Heading>
            <div className="chart">
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={data.by_day} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="date" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="approved" name="approved" stackId="review" fill="#3e63dd" />
                  <Bar dataKey="edited_and_approved" name="edited" stackId="review" fill="#8e4ec6" />
                  <Bar dataKey="rejected" name="rejected" stackId="review" fill="#e5484d" />
                  <Bar dataKey="delivered" name="delivered" fill="#30a46c" />
                  <Bar dataKey="failed" name="delivery failed" fill="#f76b15" />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </section>
          <div className="queue-layout">
            <table className="data-table" aria-label="Rejections by reason">
              <thead>
                <tr>
                  <th scope="col">Rejection reason</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                {data.rejections_by_reason.map((entry) => (
                  <tr key={entry.reason}>
                    <th scope="row">{entry.reason}</th>
                    <td>{entry.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="data-table" aria-label="Delivery outcomes by channel">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                {data.deliveries_by_channel.map((entry) => (
                  <tr key={`${entry.channel}/${entry.outcome}`}>
                    <th scope="row">{entry.channel}</th>
                    <td>{entry.outcome}</td>
                    <td>{entry.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.truncated && <Text color="amber">Counts cover the most recent recommendations only.</Text>}
        </>
      )}
    </Flex>
  );
}
