/**
 * Cities a DJ can pick as their base, with coordinates and the usual IANA zone, shipped with the app so
 * nothing needs a geocoding service. Ids are stable slugs.
 */
export interface City {
  id: string;
  name: string;
  country: string; // ISO 3166-1 alpha-2
  lat: number;
  lng: number;
  timeZone: string;
}

const c = (id: string, name: string, country: string, lat: number, lng: number, timeZone: string): City => ({
  id,
  name,
  country,
  lat,
  lng,
  timeZone,
});

export const CITIES: readonly City[] = [
  c('berlin', 'Berlin', 'DE', 52.52, 13.405, 'Europe/Berlin'),
  c('hamburg', 'Hamburg', 'DE', 53.551, 9.993, 'Europe/Berlin'),
  c('munich', 'Munich', 'DE', 48.137, 11.575, 'Europe/Berlin'),
  c('cologne', 'Cologne', 'DE', 50.938, 6.96, 'Europe/Berlin'),
  c('frankfurt', 'Frankfurt', 'DE', 50.11, 8.682, 'Europe/Berlin'),
  c('leipzig', 'Leipzig', 'DE', 51.34, 12.375, 'Europe/Berlin'),
  c('potsdam', 'Potsdam', 'DE', 52.39, 13.065, 'Europe/Berlin'),
  c('london', 'London', 'GB', 51.507, -0.128, 'Europe/London'),
  c('manchester', 'Manchester', 'GB', 53.481, -2.243, 'Europe/London'),
  c('bristol', 'Bristol', 'GB', 51.455, -2.588, 'Europe/London'),
  c('dublin', 'Dublin', 'IE', 53.35, -6.26, 'Europe/Dublin'),
  c('paris', 'Paris', 'FR', 48.857, 2.352, 'Europe/Paris'),
  c('lyon', 'Lyon', 'FR', 45.764, 4.836, 'Europe/Paris'),
  c('marseille', 'Marseille', 'FR', 43.296, 5.37, 'Europe/Paris'),
  c('amsterdam', 'Amsterdam', 'NL', 52.368, 4.904, 'Europe/Amsterdam'),
  c('rotterdam', 'Rotterdam', 'NL', 51.924, 4.478, 'Europe/Amsterdam'),
  c('brussels', 'Brussels', 'BE', 50.85, 4.352, 'Europe/Brussels'),
  c('madrid', 'Madrid', 'ES', 40.417, -3.704, 'Europe/Madrid'),
  c('barcelona', 'Barcelona', 'ES', 41.385, 2.173, 'Europe/Madrid'),
  c('ibiza', 'Ibiza', 'ES', 38.907, 1.421, 'Europe/Madrid'),
  c('lisbon', 'Lisbon', 'PT', 38.722, -9.139, 'Europe/Lisbon'),
  c('rome', 'Rome', 'IT', 41.903, 12.496, 'Europe/Rome'),
  c('milan', 'Milan', 'IT', 45.464, 9.19, 'Europe/Rome'),
  c('zurich', 'Zurich', 'CH', 47.377, 8.541, 'Europe/Zurich'),
  c('vienna', 'Vienna', 'AT', 48.208, 16.373, 'Europe/Vienna'),
  c('prague', 'Prague', 'CZ', 50.075, 14.437, 'Europe/Prague'),
  c('warsaw', 'Warsaw', 'PL', 52.23, 21.012, 'Europe/Warsaw'),
  c('copenhagen', 'Copenhagen', 'DK', 55.676, 12.568, 'Europe/Copenhagen'),
  c('stockholm', 'Stockholm', 'SE', 59.329, 18.069, 'Europe/Stockholm'),
  c('oslo', 'Oslo', 'NO', 59.914, 10.752, 'Europe/Oslo'),
  c('helsinki', 'Helsinki', 'FI', 60.17, 24.938, 'Europe/Helsinki'),
  c('athens', 'Athens', 'GR', 37.984, 23.728, 'Europe/Athens'),
  c('istanbul', 'Istanbul', 'TR', 41.008, 28.978, 'Europe/Istanbul'),
  c('new-york', 'New York', 'US', 40.713, -74.006, 'America/New_York'),
  c('brooklyn', 'Brooklyn', 'US', 40.678, -73.944, 'America/New_York'),
  c('miami', 'Miami', 'US', 25.762, -80.192, 'America/New_York'),
  c('chicago', 'Chicago', 'US', 41.878, -87.63, 'America/Chicago'),
  c('austin', 'Austin', 'US', 30.267, -97.743, 'America/Chicago'),
  c('denver', 'Denver', 'US', 39.739, -104.99, 'America/Denver'),
  c('los-angeles', 'Los Angeles', 'US', 34.052, -118.244, 'America/Los_Angeles'),
  c('san-francisco', 'San Francisco', 'US', 37.775, -122.419, 'America/Los_Angeles'),
  c('seattle', 'Seattle', 'US', 47.606, -122.332, 'America/Los_Angeles'),
  c('toronto', 'Toronto', 'CA', 43.653, -79.383, 'America/Toronto'),
  c('montreal', 'Montreal', 'CA', 45.502, -73.567, 'America/Toronto'),
  c('vancouver', 'Vancouver', 'CA', 49.283, -123.121, 'America/Vancouver'),
  c('mexico-city', 'Mexico City', 'MX', 19.433, -99.133, 'America/Mexico_City'),
  c('sao-paulo', 'São Paulo', 'BR', -23.551, -46.633, 'America/Sao_Paulo'),
  c('rio-de-janeiro', 'Rio de Janeiro', 'BR', -22.907, -43.173, 'America/Sao_Paulo'),
  c('buenos-aires', 'Buenos Aires', 'AR', -34.604, -58.382, 'America/Argentina/Buenos_Aires'),
  c('lagos', 'Lagos', 'NG', 6.524, 3.379, 'Africa/Lagos'),
  c('accra', 'Accra', 'GH', 5.604, -0.187, 'Africa/Accra'),
  c('nairobi', 'Nairobi', 'KE', -1.292, 36.822, 'Africa/Nairobi'),
  c('cape-town', 'Cape Town', 'ZA', -33.925, 18.424, 'Africa/Johannesburg'),
  c('johannesburg', 'Johannesburg', 'ZA', -26.204, 28.047, 'Africa/Johannesburg'),
  c('dubai', 'Dubai', 'AE', 25.205, 55.271, 'Asia/Dubai'),
  c('mumbai', 'Mumbai', 'IN', 19.076, 72.878, 'Asia/Kolkata'),
  c('delhi', 'Delhi', 'IN', 28.614, 77.209, 'Asia/Kolkata'),
  c('bengaluru', 'Bengaluru', 'IN', 12.972, 77.595, 'Asia/Kolkata'),
  c('kathmandu', 'Kathmandu', 'NP', 27.717, 85.324, 'Asia/Kathmandu'),
  c('singapore', 'Singapore', 'SG', 1.352, 103.82, 'Asia/Singapore'),
  c('bangkok', 'Bangkok', 'TH', 13.756, 100.502, 'Asia/Bangkok'),
  c('seoul', 'Seoul', 'KR', 37.566, 126.978, 'Asia/Seoul'),
  c('tokyo', 'Tokyo', 'JP', 35.676, 139.65, 'Asia/Tokyo'),
  c('osaka', 'Osaka', 'JP', 34.694, 135.502, 'Asia/Tokyo'),
  c('sydney', 'Sydney', 'AU', -33.869, 151.209, 'Australia/Sydney'),
  c('melbourne', 'Melbourne', 'AU', -37.814, 144.963, 'Australia/Melbourne'),
  c('auckland', 'Auckland', 'NZ', -36.849, 174.763, 'Pacific/Auckland'),
];

export const CITY_BY_ID: ReadonlyMap<string, City> = new Map(CITIES.map((x) => [x.id, x]));
